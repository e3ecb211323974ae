import { type Argument, type Command, Help, type HelpConfiguration, type Option } from 'commander';

/** commander's own error messages, in Chinese like the rest of the CLI. */
const TRANSLATIONS: ReadonlyArray<[RegExp, (...groups: string[]) => string]> = [
  [/^error: required option '(.+)' not specified/, (flags) => `错误：缺少必需的选项 ${flags}`],
  [/^error: missing required argument '(.+)'/, (name) => `错误：缺少参数 ${name}`],
  [/^error: option '(.+)' argument missing/, (flags) => `错误：选项 ${flags} 缺少取值`],
  [
    /^error: option '(.+)' argument '(.*)' is invalid\. ?/,
    (flags, value) => `错误：选项 ${flags} 的取值 "${value}" 无效：`,
  ],
  [/^error: unknown option '(.+?)'/, (flag) => `错误：未知选项 ${flag}`],
  [/^error: unknown command '(.+?)'/, (name) => `错误：未知命令 ${name}`],
  [/^error: too many arguments(?: for '(.+?)')?\..*/, (name) => `错误：参数过多${name ? `（${name}）` : ''}`],
  [
    /^error: (?:option )?'?(.+?)'? cannot be used with (?:option )?'?(.+?)'?$/m,
    (a, b) => `错误：${a} 不能与 ${b} 同时使用`,
  ],
  [/\(Did you mean (?:one of )?(.+)\?\)/, (names) => `（是否想输入 ${names}？）`],
];

export function translateCommanderMessage(text: string): string {
  return TRANSLATIONS.reduce(
    // replace() passes (match, ...groups, offset, input): the groups are what the translation needs.
    (translated, [pattern, translate]) =>
      translated.replace(pattern, (...args: Array<string | number | undefined>) =>
        translate(...args.slice(1, -2).map((group) => String(group ?? ''))),
      ),
    text,
  );
}

const HELP_TITLES: Readonly<Record<string, string>> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

const base = Help.prototype;

/** commander's help texts (titles, `[options]`, `(default: …)`), in Chinese. */
export const CHINESE_HELP: HelpConfiguration = {
  styleTitle: (title: string) => HELP_TITLES[title] ?? title,
  commandUsage(this: Help, command: Command) {
    return base.commandUsage
      .call(this, command)
      .replace('[options]', '[选项]')
      .replace('[command]', '[命令]');
  },
  subcommandTerm(this: Help, command: Command) {
    return base.subcommandTerm.call(this, command).replace('[options]', '[选项]');
  },
  optionDescription(this: Help, option: Option) {
    return chineseExtras(base.optionDescription.call(this, option));
  },
  argumentDescription(this: Help, argument: Argument) {
    return chineseExtras(base.argumentDescription.call(this, argument));
  },
};

function chineseExtras(description: string): string {
  return description
    .replace(/ ?\(default: (.*)\)$/, '（默认：$1）')
    .replace(/ ?\(choices: (.*)\)$/, '（可选：$1）');
}
