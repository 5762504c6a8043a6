// Markdown cells to HTML, for the notebook's HTML page: the common subset notebooks use
// (headings, paragraphs, lists, fenced code, inline code, emphasis, links). Anything else shows
// as its text, escaped: never as markup the page did not ask for.

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*]+)\*/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

type Block = { kind: 'p' | 'ul' | 'ol' | 'code'; lines: string[] };

export function markdownToHtml(source: string): string {
  const html: string[] = [];
  let block = null as Block | null;
  const close = () => {
    if (block !== null) html.push(renderBlock(block));
    block = null;
  };
  for (const line of source.split('\n')) {
    if (block?.kind === 'code') {
      if (line.trimStart().startsWith('```')) close();
      else block.lines.push(line);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (line.trimStart().startsWith('```')) {
      close();
      block = { kind: 'code', lines: [] };
    } else if (heading) {
      close();
      html.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
    } else if (line.trim() === '') {
      close();
    } else {
      const kind = bullet ? 'ul' : numbered ? 'ol' : 'p';
      const text = (bullet ?? numbered)?.[1] ?? line;
      if (block?.kind !== kind) close();
      block ??= { kind, lines: [] };
      block.lines.push(text);
    }
  }
  close();
  return html.join('\n');
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'code':
      return `<pre><code>${escapeHtml(block.lines.join('\n'))}</code></pre>`;
    case 'p':
      return `<p>${inline(block.lines.join('\n'))}</p>`;
    default:
      return `<${block.kind}>${block.lines.map((item) => `<li>${inline(item)}</li>`).join('')}</${block.kind}>`;
  }
}
