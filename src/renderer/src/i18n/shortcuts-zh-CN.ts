import type { shortcutsEn } from './shortcuts-en.ts';

/** 键盘快捷键列表的中文界面文字。 */
export const shortcutsZhCN: typeof shortcutsEn = {
  title: '键盘快捷键',
  close: '关闭',
  hint: '按 {{keys}} 可再次显示此列表。',
  groups: { app: '任何地方', chat: '输入与回答', list: '对话列表', dialogs: '对话框' },
  sheet: '显示键盘快捷键',
  newChat: '新对话',
  newChatAssistant: '用助手新建对话',
  search: '搜索对话',
  settings: '打开或关闭设置',
  usage: '打开或关闭用量',
  quickPrompt: '快速提问（在任何应用中）',
  stop: '停止回答',
  send: '发送消息',
  newline: '换行',
  editSave: '保存编辑后的消息',
  editCancel: '取消编辑',
  listMove: '上一个或下一个对话',
  listEnds: '第一个或最后一个对话',
  rename: '重命名对话',
  remove: '删除对话',
  menu: '打开它的菜单',
  closeDialog: '关闭对话框或菜单',
  confirm: '确认提问',
  nextField: '下一个或上一个字段',
};
