import type { attachmentsEn } from './attachments-en.ts';

/** hC（问题 13）：为消息添加文件，并在消息中显示它们。 */
export const attachmentsZhCN: typeof attachmentsEn = {
  attach: '添加文件',
  remove: '移除 {{name}}',
  dropTitle: '松开鼠标即可添加文件',
  dropHint: '图片、文本和代码文件、PDF：最多 {{files}} 个文件，每个不超过 {{size}}。',
  chips: '已添加的文件',
  preparing: '正在准备…',
  uploading: '正在上传 {{percent}}%',
  downscaled: '已缩小',
  tokens: '{{count, number}} 个 token',
  fixFirst: '请先移除无法添加的文件。',
  problem: {
    tooLarge: '文件太大：每个文件最多 {{size}}。',
    tooMany: '文件太多：每条消息最多 {{count}} 个。',
    messageTooLarge: '一条消息的文件总量太大：最多 {{size}}。',
    empty: '这个文件是空的。',
  },
  image: '图片：{{name}}',
  open: '打开 {{name}}',
  save: '保存 {{name}}',
  saveFailed: '无法保存 {{name}}：{{message}}',
  missing: '这个文件已不可用。',
  loading: '正在加载…',
  close: '关闭',
  size: { b: '{{n}} B', kb: '{{n}} KB', mb: '{{n}} MB' },
};
