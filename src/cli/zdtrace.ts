export function main(argv: string[]): void {
  process.stdout.write(`hello ${argv.length}\n`);
}
