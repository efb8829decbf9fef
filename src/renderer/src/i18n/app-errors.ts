import type { ErrorCode, ErrorReason } from '../../../shared/errors.ts';

/**
 * Every error a window shows, by code and (where a code covers several cases) by reason, in the
 * `appErrors` namespace. `lib/error-text.ts` is the one place that reads it. An error without a
 * reason shows the core's own words in English and its code's sentence in other languages.
 */
export interface AppErrorStrings {
  code: Record<ErrorCode, string>;
  reason: Record<ErrorReason, string>;
  /** After a provider's answer, what it said: its HTTP status and its own message. */
  said: string;
  saidStatus: string;
  errorPage: string;
  incomplete: string;
  wait: { ms: string; s: string; min: string; h: string };
  someProvider: string;
  someServer: string;
  /** Between two sentences: a space in English, nothing in Chinese. */
  gap: string;
}

export const appErrorsEn: AppErrorStrings = {
  code: {
    bad_key: '{{provider}} did not accept the API key. Check the key saved for this provider.',
    no_credit: '{{provider}} says the account has no credit or quota left. Check billing for this key.',
    rate_limited: '{{provider}} is limiting how fast requests can be made. Try again shortly.',
    model_not_found:
      '{{provider}} does not know the model “{{model}}”, or the address is wrong. Check the model name and the base URL.',
    context_too_long:
      'The conversation is too long for this model. Start a new one, shorten it, or pick a model with a larger context.',
    network_unreachable: 'The connection to {{host}} failed.',
    proxy_failure: 'The proxy failed. Check the proxy settings.',
    timeout: 'The request timed out.',
    interrupted: 'The answer is incomplete.',
    length_limit: 'Cut off at the length limit.',
    server_error: '{{provider}} had a server error. Try again in a moment.',
    content_filtered: '{{provider}}’s content filter blocked this request or answer.',
    bad_request: '{{provider}} refused the request as invalid.',
    cancelled: 'Stopped.',
    invalid_input: 'Parley could not use what was entered. Check it and try again.',
    unknown_request: 'Parley did not understand that request. Reload the window.',
    forbidden_sender: 'This request did not come from a Parley window.',
    not_found: 'That no longer exists.',
    storage: 'Parley could not read or write its data folder.',
    internal: 'Something went wrong inside Parley. Please try again.',
  },
  reason: {
    key_rejected: '{{provider}} did not accept the API key. Check the key saved for this provider.',
    key_forbidden: '{{provider}} refused access with this key (it may lack permission for this model).',
    key_missing: 'No API key is saved for {{provider}}. Add one in the provider settings.',
    key_unsendable:
      'The key contains characters that are not plain ASCII letters, digits or symbols (such as Chinese characters or curly quotes), so it cannot be sent. Paste the key itself, as the provider shows it.',
    key_wrong_origin:
      'The key for {{provider}} was saved for {{savedFor}}, but {{provider}} now points at {{now}}. Parley did not send it there. Enter it again in the provider settings.',
    signin_refused: 'The sign-in server for {{provider}} refused the client id or secret.',
    signin_no_token: 'The sign-in server for {{provider}} sent no access token.',
    rate_wait: '{{provider}} is limiting how fast requests can be made. Try again in {{wait}}.',
    provider_timeout: '{{provider}} timed out while handling the request.',
    server_overloaded: '{{provider}} is overloaded. Try again in a moment.',
    server_failed: '{{provider}} had a server error. Try again in a moment.',
    server_conflict: '{{provider}} reported a conflict; it usually clears on a retry.',
    server_mid_stream: '{{provider}} reported an error while answering.',
    unreadable_reply: '{{provider}} sent a compressed reply that could not be read.',
    proxy_auth:
      'The proxy asked for a username and password, or refused the ones given (407). Check the proxy settings.',
    proxy_credentials: 'The proxy failed: it refused the username or password. Check the proxy settings.',
    proxy_refused_status:
      'The proxy refused the request (HTTP {{statusText}}). Check the proxy address, username and password.',
    proxy_unreachable:
      'The proxy failed: it could not be reached or refused the connection. Check the proxy settings.',
    proxy_timeout: 'The proxy failed: it did not respond in time. Check the proxy settings.',
    proxy_status: 'The proxy failed: it answered {{statusText}}. Check the proxy settings.',
    proxy_closed: 'The proxy failed: it closed or rejected the connection. Check the proxy settings.',
    proxy_connect_timeout: 'Connecting through the proxy timed out after {{wait}}.',
    connect_timeout: 'Connecting to {{host}} timed out after {{wait}}.',
    headers_timeout: '{{provider}} did not start answering within {{wait}}.',
    idle_timeout: '{{provider}} went silent for {{wait}} in the middle of the answer.',
    connection_refused: 'Could not connect to {{host}}: nothing accepted the connection.',
    host_not_found: 'Could not find the server {{host}}. Check the base URL and the network.',
    host_unreachable: 'The network cannot reach {{host}} right now.',
    connection_closed: 'The connection to {{host}} was closed unexpectedly.',
    certificate: 'The secure connection to {{host}} failed (certificate problem).',
    connection_failed: 'The connection to {{host}} failed.',
    vault_locked:
      "The key vault is locked, so saved keys cannot be used yet. Unlock it with its passphrase in the prompt at the top of Parley's window (or, on the command line, with PARLEY_VAULT_PASSPHRASE).",
    vault_exists: 'A key vault already exists. Unlock it with its passphrase instead.',
    vault_missing: 'There is no key vault to unlock yet.',
    passphrase_length: 'The passphrase must be {{min}} to {{max}} characters long.',
    key_empty: 'The key is empty. Paste the whole key and try again.',
    key_spaces: 'The key contains spaces or line breaks. Paste only the key itself.',
    key_too_long: 'That is too long to be an API key.',
    no_model: 'Choose a model in Settings before sending.',
    model_no_images: '{{model}} cannot read images. Pick a model that can, or remove the image.',
    attachment_missing: 'An attached file is no longer stored in Parley. Attach it again.',
    message_held: 'Not sent: the content filters stopped this message.',
    import_failed: 'The import failed. Nothing was half-imported; try again.',
    import_kind: 'Choose the ChatGPT export: its .zip file, or conversations.json from inside it.',
    import_too_large: 'That file is larger than {{limit}}, more than Parley imports at once.',
    upload_incomplete: 'The file did not arrive completely. Try again.',
    export_gone: 'That export is no longer available. Export again.',
    attachment_kind:
      'Parley cannot attach that kind of file. It takes images (PNG, JPEG, GIF, WebP), PDFs and text files.',
    attachment_empty: 'That file is empty.',
    attachment_encoding: 'That text file is not in UTF-8 (or UTF-16). Save it as UTF-8 and attach it again.',
    attachment_too_large: 'That file is larger than {{limit}}, more than Parley attaches.',
    attachments_too_large:
      'These files together are larger than {{limit}}, more than Parley sends with one message. Send some of them in another message.',
    attachment_text_too_long:
      "That file's text is longer than {{limit}} characters, more than Parley sends with a message.",
    attachment_image_too_large:
      'That image is larger than {{side}} pixels on a side or {{size}}, and Parley scales down only PNG and JPEG images. Save it as PNG or JPEG first.',
    attachment_unreadable: 'That file could not be read: it is damaged or protected.',
    attachment_too_costly: 'That file took too long or needed too much memory to read, so Parley stopped.',
    pdf_too_many_pages: 'That PDF has more than {{limit}} pages, more than Parley reads.',
    pdf_timeout: 'That PDF took too long to read, so Parley stopped.',
    attachment_file_missing:
      "The file of the attachment “{{name}}” is missing from Parley's data folder (it may have been restored from a backup without it).",
    attachment_file_damaged:
      'The file of the attachment “{{name}}” is damaged: its bytes are not the ones that were attached.',
    attachment_disk_full:
      'The disk is full, so “{{name}}” could not be saved. Nothing was lost: free some space and attach it again.',
    parley_unreachable: 'Cannot reach Parley. Check that `npm run web` is still running.',
    parley_lost: 'Lost the connection to Parley. Check that it is still running.',
    token_rejected:
      "Parley was restarted, so this tab's access token is no longer valid. Open the new address Parley printed in its terminal.",
    open_address: 'Open Parley with the address it printed.',
  },
  said: '(“{{said}}”)',
  saidStatus: '(HTTP {{status}}: “{{said}}”)',
  errorPage: 'It sent an error page (HTTP {{page}}), perhaps from a proxy in between.',
  incomplete: 'The answer is incomplete.',
  wait: { ms: '{{count}} ms', s: '{{count}} s', min: '{{count}} min', h: '{{count}} h' },
  someProvider: 'The provider',
  someServer: 'the server',
  gap: ' ',
};

export const appErrorsZhCN: AppErrorStrings = {
  code: {
    bad_key: '{{provider}} 不接受这个 API 密钥。请检查为该服务商保存的密钥。',
    no_credit: '{{provider}} 表示该账户已没有余额或额度。请检查这个密钥的账单。',
    rate_limited: '{{provider}} 正在限制请求频率。请稍后再试。',
    model_not_found: '{{provider}} 不认识模型“{{model}}”，或者地址有误。请检查模型名称和 Base URL。',
    context_too_long: '对话太长，超出了这个模型的上下文。请新建对话、缩短内容，或换一个上下文更大的模型。',
    network_unreachable: '与 {{host}} 的连接失败。',
    proxy_failure: '代理出错。请检查代理设置。',
    timeout: '请求超时。',
    interrupted: '回答不完整。',
    length_limit: '回答在长度上限处被截断。',
    server_error: '{{provider}} 服务器出错。请稍后再试。',
    content_filtered: '{{provider}} 的内容过滤拦截了这次请求或回答。',
    bad_request: '{{provider}} 认为这个请求无效，拒绝了它。',
    cancelled: '已停止。',
    invalid_input: 'Parley 无法使用输入的内容。请检查后重试。',
    unknown_request: 'Parley 无法理解这个请求。请重新加载窗口。',
    forbidden_sender: '这个请求不是来自 Parley 的窗口。',
    not_found: '它已经不存在了。',
    storage: 'Parley 无法读写它的数据文件夹。',
    internal: 'Parley 内部出错了。请重试。',
  },
  reason: {
    key_rejected: '{{provider}} 不接受这个 API 密钥。请检查为该服务商保存的密钥。',
    key_forbidden: '{{provider}} 拒绝了这个密钥的访问（它可能没有使用这个模型的权限）。',
    key_missing: '还没有为 {{provider}} 保存 API 密钥。请在服务商设置中添加。',
    key_unsendable:
      '密钥中含有不是纯 ASCII 字母、数字或符号的字符（例如中文或弯引号），因此无法发送。请粘贴服务商显示的密钥本身。',
    key_wrong_origin:
      '{{provider}} 的密钥是为 {{savedFor}} 保存的，但 {{provider}} 现在指向 {{now}}。Parley 没有把密钥发送过去。请在服务商设置中重新输入。',
    signin_refused: '{{provider}} 的登录服务器拒绝了客户端 ID 或密钥。',
    signin_no_token: '{{provider}} 的登录服务器没有返回访问令牌。',
    rate_wait: '{{provider}} 正在限制请求频率。请在 {{wait}}后再试。',
    provider_timeout: '{{provider}} 处理请求超时。',
    server_overloaded: '{{provider}} 当前负载过高。请稍后再试。',
    server_failed: '{{provider}} 服务器出错。请稍后再试。',
    server_conflict: '{{provider}} 报告了冲突；通常重试即可解决。',
    server_mid_stream: '{{provider}} 在回答过程中报告了错误。',
    unreadable_reply: '{{provider}} 发来的压缩回复无法读取。',
    proxy_auth: '代理要求提供用户名和密码，或拒绝了所给的用户名和密码（407）。请检查代理设置。',
    proxy_credentials: '代理出错：代理拒绝了用户名或密码。请检查代理设置。',
    proxy_refused_status: '代理拒绝了请求（HTTP {{statusText}}）。请检查代理地址、用户名和密码。',
    proxy_unreachable: '代理出错：无法连接代理，或代理拒绝了连接。请检查代理设置。',
    proxy_timeout: '代理出错：代理没有及时响应。请检查代理设置。',
    proxy_status: '代理出错：代理返回了 {{statusText}}。请检查代理设置。',
    proxy_closed: '代理出错：代理关闭或拒绝了连接。请检查代理设置。',
    proxy_connect_timeout: '通过代理连接超时（{{wait}}）。',
    connect_timeout: '连接 {{host}} 超时（{{wait}}）。',
    headers_timeout: '{{provider}} 在 {{wait}}内没有开始回答。',
    idle_timeout: '{{provider}} 在回答中途 {{wait}}没有任何数据。',
    connection_refused: '无法连接到 {{host}}：没有程序接受连接。',
    host_not_found: '找不到服务器 {{host}}。请检查 Base URL 和网络。',
    host_unreachable: '网络目前无法到达 {{host}}。',
    connection_closed: '与 {{host}} 的连接意外关闭。',
    certificate: '与 {{host}} 的安全连接失败（证书问题）。',
    connection_failed: '与 {{host}} 的连接失败。',
    vault_locked:
      '密钥保险库已锁定，暂时无法使用已保存的密钥。请在 Parley 窗口顶部的提示中输入口令解锁（命令行中可使用 PARLEY_VAULT_PASSPHRASE）。',
    vault_exists: '密钥保险库已经存在。请用它的口令解锁。',
    vault_missing: '还没有可以解锁的密钥保险库。',
    passphrase_length: '口令长度必须在 {{min}} 到 {{max}} 个字符之间。',
    key_empty: '密钥是空的。请粘贴完整的密钥后重试。',
    key_spaces: '密钥中含有空格或换行。请只粘贴密钥本身。',
    key_too_long: '这么长的内容不可能是 API 密钥。',
    no_model: '发送前请先在设置中选择模型。',
    model_no_images: '{{model}} 无法读取图片。请换一个能读图片的模型，或移除图片。',
    attachment_missing: '有一个附件已不在 Parley 中保存。请重新添加。',
    message_held: '未发送：内容过滤拦下了这条消息。',
    import_failed: '导入失败。没有导入一半的内容；请重试。',
    import_kind: '请选择 ChatGPT 导出文件：它的 .zip 文件，或其中的 conversations.json。',
    import_too_large: '这个文件超过 {{limit}}，超出了 Parley 一次能导入的大小。',
    upload_incomplete: '文件没有完整传到。请重试。',
    export_gone: '这个导出已经不可用了。请重新导出。',
    attachment_kind: 'Parley 不能附加这种文件。它接受图片（PNG、JPEG、GIF、WebP）、PDF 和文本文件。',
    attachment_empty: '这个文件是空的。',
    attachment_encoding: '这个文本文件不是 UTF-8（或 UTF-16）编码。请另存为 UTF-8 后重新附加。',
    attachment_too_large: '这个文件超过 {{limit}}，超出了 Parley 能附加的大小。',
    attachments_too_large:
      '这些文件合计超过 {{limit}}，超出了一条消息能发送的大小。请把其中一些放到另一条消息里发送。',
    attachment_text_too_long: '这个文件的文字超过 {{limit}} 个字符，超出了一条消息能发送的长度。',
    attachment_image_too_large:
      '这张图片的边长超过 {{side}} 像素或大小超过 {{size}}，而 Parley 只能缩小 PNG 和 JPEG 图片。请先另存为 PNG 或 JPEG。',
    attachment_unreadable: '无法读取这个文件：它已损坏或受保护。',
    attachment_too_costly: '读取这个文件用时太长或占用内存太多，Parley 已停止。',
    pdf_too_many_pages: '这个 PDF 超过 {{limit}} 页，超出了 Parley 能读取的页数。',
    pdf_timeout: '读取这个 PDF 用时太长，Parley 已停止。',
    attachment_file_missing: 'Parley 数据文件夹中缺少附件“{{name}}”的文件（可能是从不含它的备份中恢复的）。',
    attachment_file_damaged: '附件“{{name}}”的文件已损坏：其中的内容不是当初附加的内容。',
    attachment_disk_full: '磁盘已满，无法保存“{{name}}”。没有丢失任何内容：请腾出一些空间后重新添加。',
    parley_unreachable: '无法连接 Parley。请确认 `npm run web` 仍在运行。',
    parley_lost: '与 Parley 的连接断开了。请确认它仍在运行。',
    token_rejected: 'Parley 已重新启动，这个标签页的访问令牌已失效。请打开 Parley 在终端中打印的新地址。',
    open_address: '请用 Parley 打印的地址打开它。',
  },
  said: '（“{{said}}”）',
  saidStatus: '（HTTP {{status}}：“{{said}}”）',
  errorPage: '它返回了一个错误页面（HTTP {{page}}），可能来自中间的代理。',
  incomplete: '回答不完整。',
  wait: { ms: '{{count}} 毫秒', s: '{{count}} 秒', min: '{{count}} 分钟', h: '{{count}} 小时' },
  someProvider: '服务商',
  someServer: '服务器',
  gap: '',
};
