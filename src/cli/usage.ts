/** Each command's usage text: small, so `parley --help` loads no command to print them. */

export const askUsage = `parley ask [--provider ID] [--model NAME] [-c ID | --continue] [--assistant NAME] [--no-save] [--system TEXT] [--temperature N] [--header 'Name: value']... [--attach FILE]... [--moderation] [--redact | --allow-secrets] [--tools [--yes]] PROMPT...
parley ask [--api openai|azure|anthropic] [--base-url URL] [--api-key-env VAR] [--api-version V] PROMPT...
    Streams the answer to standard output. Without PROMPT, reads it from standard input.
    By default asks the default model of Parley's settings (with its failover chain); --provider
    picks another configured provider, --model another model. -c / --conversation ID continues a
    saved conversation (the model sees its whole branch), --continue the most recent one.
    --api, --base-url, --api-key-env and --api-version describe a provider for this call instead.
    Keys: --api-key-env, else the keychain (parley key set ID, or Parley's settings), else
    OPENAI_API_KEY / ANTHROPIC_API_KEY / AZURE_OPENAI_API_KEY. Also: --idle-timeout SECONDS,
    --max-retries N. Answers are saved to history unless --no-save. --assistant NAME starts the
    conversation from an assistant (its system prompt, parameters and model; see parley assistant).
    A new conversation's own, over its assistant's: --system TEXT (the system prompt),
    --temperature N (0 to 2), --top-p N (0 to 1), --max-tokens N, --reasoning-effort
    low|medium|high (reasoning models);
    a parameter the model does not take is not sent, and standard error says so.
    --header 'Name: value' (repeatable) goes with this call's requests to the provider asked first.
    --attach FILE (repeatable) sends a file with the prompt, its type read from its contents: an
    image (PNG, JPEG, GIF, WebP; a PNG or JPEG over 2048 pixels or 5 MB is scaled down), a PDF (its
    text, or the file for a model that reads PDFs) or a text file (its text, with its name). A file
    that is missing, over 20 MB or of another kind stops before anything is sent (exit status 2).
    Content filters (Parley's settings apply): a prompt or file that looks like it holds a secret (an
    API key, a token, a private key, a password in a connection string) is not sent (exit status 3)
    unless --redact (placeholders are sent instead) or --allow-secrets. --moderation checks the
    prompt and the answer with OpenAI's moderation (through the moderation provider of the
    settings, else the provider asked): a flagged prompt is not sent, a flagged answer ends with
    exit status 3; what was found goes to standard error (never the text itself).
    --tools lets the model use the tools of every enabled MCP server (see parley mcp): before each
    call the terminal shows the server, the tool and its arguments and asks: once, always (this tool,
    until the command ends) or no (the model is told it was refused); tools allowed "always" in
    Parley's window run without asking. --yes allows every call without asking. With no terminal to
    ask on (standard input not a terminal) and no --yes, calls are refused and standard error says
    so. Calls and a short line of each result go to standard error.
    Exit status: 0 answered, 1 failed or cut off, 2 usage or setup error, 3 held or flagged by the
    content filters, 130 stopped.`;

export const batchUsage = `parley batch INPUT.jsonl --out OUT.jsonl [--concurrency N] [--rpm N] [--tpm N] [--model NAME] [--system TEXT] [--redact | --allow-secrets] ...
    Asks every line of INPUT, a JSON object each: {"id": "...", "prompt": "..."} or
    {"id": "...", "messages": [{"role": "user", "content": "..."}]}, optionally with "model",
    "system" and parameters (temperature, top_p, max_tokens, presence_penalty, frequency_penalty,
    seed, stop, reasoning_effort, thinking_budget). Each result is appended to OUT as it finishes:
    {"id", "text", "model", "usage", "costUsd", "ttftMs", "durationMs", "attempts", "error"}.
    --concurrency N lines at once (default 4; one pooled connection each); --rpm N requests and
    --tpm N tokens per minute at most (no 60-second window holds more than N requests). The same
    provider flags as parley ask (--provider ID, or --api, --base-url, --api-key-env, --api-version;
    --header, --idle-timeout, --max-retries, default 5 here, Retry-After honoured); --model,
    --system and the parameter flags are the defaults for lines that do not say.
    Resumable: ids already in OUT are skipped, so the same command goes on after a stop or a crash.
    A bad line (not JSON, no id or prompt, an id used twice) is reported with its number and skipped.
    The content filters apply to each line: one that looks like it holds a secret (an API key, a
    private key…) or matches a block rule is not sent, its error says what was found (never the
    text); --redact sends placeholders instead, --allow-secrets sends secrets as they are.
    Ctrl-C takes no more lines and lets the running ones finish; a second Ctrl-C cancels them (they
    are not written, so the next run asks them again). Progress goes to standard error (a bar on a
    terminal), then a summary: latency p50/p95, errors by kind, total cost.
    Exit status: 0 every line answered, 1 some lines failed or were bad, 2 usage error, 130 stopped.`;

export const keyUsage = `parley key set PROVIDER [--secret KIND]     save a secret read from standard input (e.g. from a password manager)
parley key delete PROVIDER [--secret KIND]  remove it
parley key status PROVIDER                  which secrets are saved (the API key's last four characters only)
parley key add PROVIDER                     one more API key (from standard input); keys are used in turn
parley key list PROVIDER                    the API keys: number, last four characters, when added
parley key remove PROVIDER N                remove key number N
    KIND: api-key (the default), oauth-client-secret or proxy-password. A secret is bound to the
    address it is sent to (base URL, token URL or proxy); a provider moved elsewhere asks for it again.
    With no keychain, secrets go to the key vault in the data folder, encrypted under a passphrase:
    PARLEY_VAULT_PASSPHRASE (it makes the vault the first time), else asked for on a terminal.`;

export const providerUsage = `parley provider list                      the configured providers
parley provider set ID [--kind KIND] [--name NAME] [--base-url URL] [--models A,B] [--api-version V]
          [--auth api-key|azure-entra|oauth2-client-credentials|none] [--token-url URL] [--client-id ID]
          [--scope SCOPE] [--proxy none|system|URL] [--proxy-user NAME]
    Adds a provider (--kind needed) or changes the fields given. Its secrets: parley key set ID [--secret KIND].
parley provider remove ID                 removes a provider and its secrets`;

export const historyUsage = `parley history stats                       how many conversations and messages are saved
parley history list [--limit N] [--all]    one line per conversation: id and title (--all: with archived)
parley history search QUERY                one line per conversation, best first (its title or messages match):
                                           id, title, best snippet as plain text, and "N more" when more match
parley history export ID --format md|json  one conversation to standard output
parley history export --all --format md-zip|json --out FILE
                                           every conversation (archived too) into FILE
parley history archive|unarchive ID        hides ID from the list (search still finds it), or brings it back`;

export const importUsage = `parley import chatgpt PATH   import a ChatGPT data export (the export .zip, its conversations.json, or the folder it unzips to)`;

export const backupUsage = `parley backup list                         one line per backup: id, date, size, conversations
parley backup create                       a backup of the history now; prints its id
parley backup restore ID                   replaces the history with backup ID (the current one is kept first)`;

export const assistantUsage = `parley assistant list                      one line per assistant: id, name, [built-in, hidden]
parley assistant show NAME                 its model, parameters and system prompt (NAME: its name or id)
parley assistant add NAME --system TEXT [--model M [--provider ID]] [--temperature N] [--emoji E] [--description TEXT]
parley assistant remove NAME               deletes one of yours (a built-in can be hidden instead)
parley assistant hide|unhide NAME          hides an assistant from the lists, or shows it again
parley assistant export FILE               your assistants (and edited built-ins) as JSON
parley assistant import FILE               adds them; an assistant already here (same id) is updated
    The same assistants as the app's. Start a chat with one: parley ask --assistant NAME PROMPT`;

export const statsUsage = `parley stats [--since 7d|today|YYYY-MM-DD] [--provider ID] [--model NAME] [--json]
    Requests, failures, time to first token and total time (p50/p95/p99), tokens and cost per
    model, from the records Parley keeps of every request (never their text). --since: the last
    N days (today included, the default 7d), today, or from a date. --json prints
    {"models":[{"provider","model","requests","succeeded","failed","ttftMs":{"p50","p95","p99"},
    "durationMs":{"p50","p95","p99"},"tokensIn","tokensOut","costUsd"}]}.`;

export const metricsUsage = `parley metrics serve --port N [--token-env VAR]
    Serves OpenMetrics (Prometheus) at http://127.0.0.1:N/metrics until Ctrl-C: request duration
    and time to first token histograms, requests, tokens and cost, by provider and model, counting
    every request recorded in Parley's data folder. --token-env VAR: scrapes must send
    "Authorization: Bearer <the variable's value>".`;

export const mcpUsage = `parley mcp add NAME [--env NAME=VALUE]... -- COMMAND [ARGS...]
                                           an MCP server Parley starts (never through a shell) when an
                                           answer needs its tools; --env NAME without a value takes
                                           NAME from this shell's environment
parley mcp add NAME --url URL [--header 'Name: value']...
                                           a Streamable HTTP MCP server
parley mcp list [--json]                   each server: enabled or not, its command or address, and its
                                           tools (an enabled server is started to list them)
parley mcp remove NAME                     removes a server and its secrets
parley mcp enable|disable NAME             switches a server on or off (off: never started, no tools)
parley mcp import FILE                     adds the servers of an "mcpServers" JSON config (Claude Desktop,
                                           Cursor…; - reads standard input); an entry it cannot use is
                                           skipped with the reason; env and header values go to the keychain
    NAME: letters, digits, dashes and underscores (up to 32); adding a NAME that exists replaces it.
    The values of --env and --header go to the keychain, never to the settings file.
    An answer uses the servers' tools with parley ask --tools (it asks before each call).`;
