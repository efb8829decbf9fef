/** Azure OpenAI content-filter annotations (prompt_filter_results, content_filter_results). */

const SAFE = { filtered: false, severity: 'safe' };

export function azurePromptFilter() {
  return [
    {
      prompt_index: 0,
      content_filter_results: {
        hate: SAFE,
        jailbreak: { filtered: false, detected: false },
        self_harm: SAFE,
        sexual: SAFE,
        violence: SAFE,
      },
    },
  ];
}

/** Per-choice annotations; `filtered` marks the output as stopped for violence, as Azure does. */
export function azureChoiceFilter(filtered: boolean) {
  return {
    hate: SAFE,
    protected_material_code: { filtered: false, detected: false },
    protected_material_text: { filtered: false, detected: false },
    self_harm: SAFE,
    sexual: SAFE,
    violence: filtered ? { filtered: true, severity: 'medium' } : SAFE,
  };
}

/** The innererror of a 400 content_filter refusal: the prompt tripped the violence filter. */
export function azurePromptRefusal() {
  return {
    hate: SAFE,
    jailbreak: { filtered: false, detected: false },
    self_harm: SAFE,
    sexual: SAFE,
    violence: { filtered: true, severity: 'medium' },
  };
}
