import * as assert from 'node:assert/strict';
import { countReport, countTree, reportCsv, type CountNode } from '../../../src/core/workspace';

describe('workspace: count reports', () => {
  const files = [
    { path: 'README.md', count: 5 },
    { path: 'src/a.ts', count: 10 },
    { path: 'src/deep/b.ts', count: 1 },
    { path: 'src/deep/c.ts', count: 2 },
    { path: 'docs/x.md', count: 7 },
  ];

  it('the JSON report is {"encoding", "total", "files"} with the total of the files', () => {
    assert.deepEqual(countReport('o200k_base', files), { encoding: 'o200k_base', total: 25, files });
  });

  it('CSV: a header, one CRLF line per file, fields with commas, quotes or line breaks quoted', () => {
    const csv = reportCsv(countReport('o200k_base', [{ path: 'plain.txt', count: 3 }, { path: 'a,"b"\nc.md', count: 4 }]));
    assert.equal(csv, 'path,tokens\r\nplain.txt,3\r\n"a,""b""\nc.md",4\r\n');
  });

  it('CSV: a path a spreadsheet would run as a formula (=, +, -, @, tab, CR first) starts with ./, the same file', () => {
    const paths = ['=HYPERLINK("http://x","y").md', '+1.txt', '-rf.txt', '@SUM(A1).txt', '\tx.txt', '\rx.txt', 'ok=+-@.txt'];
    const csv = reportCsv(countReport('o200k_base', paths.map((path) => ({ path, count: 1 }))));
    assert.equal(
      csv,
      'path,tokens\r\n"./=HYPERLINK(""http://x"",""y"").md",1\r\n./+1.txt,1\r\n./-rf.txt,1\r\n./@SUM(A1).txt,1\r\n./\tx.txt,1\r\n"./\rx.txt",1\r\nok=+-@.txt,1\r\n',
    );
  });

  it('the tree gives every folder the total of what it holds, largest first, then by name', () => {
    const shape = (node: CountNode): unknown => (node.children ? [node.name, node.count, node.children.map(shape)] : [node.name, node.count]);
    assert.deepEqual(shape(countTree('root', files)), [
      'root',
      25,
      [
        ['src', 13, [['a.ts', 10], ['deep', 3, [['c.ts', 2], ['b.ts', 1]]]]],
        ['docs', 7, [['x.md', 7]]],
        ['README.md', 5],
      ],
    ]);
    const deep = countTree('root', files).children?.[0].children?.[1];
    assert.equal(deep?.path, 'src/deep');
    assert.equal(deep?.children?.[0].path, 'src/deep/c.ts');
  });

  it('ordered by name, folders and files mix in name order with the same totals', () => {
    const names = (node: CountNode): unknown => (node.children ? [node.name, node.count, node.children.map(names)] : node.name);
    assert.deepEqual(names(countTree('root', files, 'name')), ['root', 25, ['README.md', ['docs', 7, ['x.md']], ['src', 13, ['a.ts', ['deep', 3, ['b.ts', 'c.ts']]]]]]);
  });

  it('skipped files are listed in their folders with the reason, count nothing, and come after counted files', () => {
    const skipped = [{ path: 'src/deep/huge.log', reason: 'tooLarge', size: 5_000_000, sizeCap: 1_048_576 } as const];
    const tree = countTree('root', files, 'count', skipped);
    assert.equal(tree.count, 25);
    const deep = tree.children?.find((node) => node.name === 'src')?.children?.find((node) => node.name === 'deep');
    assert.deepEqual(deep?.children?.map((node) => [node.name, node.count, node.skipped?.reason]), [['c.ts', 2, undefined], ['b.ts', 1, undefined], ['huge.log', 0, 'tooLarge']]);
    assert.deepEqual(deep?.children?.[2].skipped, skipped[0]);
    assert.equal(deep?.count, 3);
    const alone = countTree('root', [], 'name', [{ path: 'big/only.bin', reason: 'tooLarge', size: 9, sizeCap: 8 }]);
    assert.deepEqual(alone.children?.map((node) => [node.name, node.count, node.children?.map((child) => child.name)]), [['big', 0, ['only.bin']]]);
  });
});
