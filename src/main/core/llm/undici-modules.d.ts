// undici's own files, imported one by one (see undici-parts.ts); their types are undici's public ones.
declare module 'undici/lib/dispatcher/agent.js' {
  const Agent: unknown;
  export default Agent;
}
declare module 'undici/lib/dispatcher/proxy-agent.js' {
  const ProxyAgent: unknown;
  export default ProxyAgent;
}
declare module 'undici/lib/api/api-request.js' {
  const request: unknown;
  export default request;
}
