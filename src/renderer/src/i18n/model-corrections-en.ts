/** h1 (issue 12): correcting the capability table for one model. */
export const modelCorrectionsEn = {
  title: 'Model corrections',
  model: 'Model to correct',
  contextWindow: 'Context window (tokens)',
  unknownWindow: 'Unknown',
  windowRange: 'Enter a whole number of tokens from 256 to 100000000.',
  takes: 'Parameters this model takes',
  family: 'Parley knows it as {{family}}. Correct it when the provider says otherwise.',
  save: 'Apply correction',
  reset: 'Use the built-in table',
};
