import type { z } from 'zod';
import type { AppError } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type {
  Envelope,
  EventName,
  EventPayload,
  ParsedInput,
  RequestName,
  RequestOutput,
} from '../../../shared/contract.ts';
import { contract, isRequestName } from '../../../shared/contract.ts';

/** A window (desktop) or a WebSocket connection (browser edition): where events for a caller go. */
export interface Peer {
  readonly id: string;
  send<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Runs when the window or socket goes away (streams it started are aborted then). */
  onClose(listener: () => void): void;
}

export interface CallContext {
  peer: Peer;
}

export type Handlers = {
  [N in RequestName]: (
    input: ParsedInput<N>,
    ctx: CallContext,
  ) => Promise<RequestOutput<N>> | RequestOutput<N>;
};

/** One incoming call as a transport sees it. `trusted` is the transport's verdict on the sender. */
export interface IncomingCall {
  name: unknown;
  input: unknown;
  peer: Peer;
  trusted: boolean;
}

export interface Transport {
  /** Installs the single entry point for every request; returns a function that removes it. */
  serve(dispatch: (call: IncomingCall) => Promise<Envelope<unknown>>): () => void;
}

export interface BindOptions {
  /** Where unexpected failures are reported (never with request inputs, which may hold secrets). */
  onUnexpectedError?: (name: string, error: unknown) => void;
}

/**
 * Binds every handler to a transport: refuses foreign senders and unknown names, validates the
 * input with the contract's zod schema, and turns every failure into the one serializable shape.
 */
export function bindContract(
  handlers: Handlers,
  transport: Transport,
  options: BindOptions = {},
): () => void {
  return transport.serve((call) => dispatch(handlers, call, options));
}

/** Answers one call; never throws, whatever the call holds. */
export async function dispatch(
  handlers: Handlers,
  call: IncomingCall,
  options: BindOptions = {},
): Promise<Envelope<unknown>> {
  try {
    return await answer(handlers, call, options);
  } catch (error) {
    options.onUnexpectedError?.(describeName(call.name), error);
    return fail({ code: 'internal', message: 'Something went wrong inside Parley. Please try again.' });
  }
}

async function answer(
  handlers: Handlers,
  call: IncomingCall,
  options: BindOptions,
): Promise<Envelope<unknown>> {
  if (!call.trusted) {
    return fail({ code: 'forbidden_sender', message: 'This request did not come from a Parley window.' });
  }
  if (!isRequestName(call.name)) {
    return fail({
      code: 'unknown_request',
      message: `Parley has no request named ${describeName(call.name)}.`,
    });
  }
  const name = call.name;
  const schema: z.ZodType = contract.requests[name].input;
  const parsed = schema.safeParse(call.input);
  if (!parsed.success) {
    return fail({
      code: 'invalid_input',
      message: `The request "${name}" was not valid: ${describeIssues(parsed.error.issues)}`,
    });
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    return { ok: true, value: await handler(parsed.data, { peer: call.peer }) };
  } catch (error) {
    if (error instanceof ParleyError) return fail(error.toJSON());
    options.onUnexpectedError?.(name, error);
    return fail({ code: 'internal', message: 'Something went wrong inside Parley. Please try again.' });
  }
}

/** A name as words, whatever it is (a name may be an object whose toString throws). */
function describeName(name: unknown): string {
  return typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : `of type ${typeof name}`;
}

function fail(error: AppError): Envelope<never> {
  return { ok: false, error };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
