/**
 * Draws an `Explanation` as a self-contained SVG: the tangent plane around the primary in arcsec
 * (east to the left, north up, as on the sky), each source's 1σ (solid) and 2σ (dashed) error
 * ellipse, the search radius, and p_i labels; a side panel lists the best associations.
 */
import type { Explanation } from './explain.js';

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const W = 900;
const H = 670;
const PLOT = 560;
const X0 = 60;
const Y0 = 50;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (x: number) => (Math.round(x * 100) / 100).toString();

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `n` ticks over `span`. */
function tickStep(span: number, n: number): number {
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * @example writeFileSync('422.svg', explanationSvg(explain(table, '422')))
 */
export function explanationSvg(e: Explanation): string {
  let half = e.radiusArcsec ?? 0;
  for (const s of e.sources) half = Math.max(half, Math.hypot(s.eastArcsec, s.northArcsec) + 2 * s.aArcsec);
  half = Math.max(half * 1.08, 1);
  const scale = PLOT / (2 * half);
  const cx = X0 + PLOT / 2;
  const cy = Y0 + PLOT / 2;
  // East is drawn to the left.
  const sx = (east: number) => cx - east * scale;
  const sy = (north: number) => cy - north * scale;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(
    `<text x="${X0}" y="24" font-size="16" font-weight="bold">${esc(`${e.catalogs[0]} ${e.primaryId}`)}  <tspan font-weight="normal">p_any = ${e.pAny.toFixed(3)}  (RA ${e.raDeg.toFixed(5)}°, Dec ${e.decDeg.toFixed(5)}°)</tspan></text>`,
  );
  out.push(`<defs><clipPath id="plot"><rect x="${X0}" y="${Y0}" width="${PLOT}" height="${PLOT}"/></clipPath></defs>`);
  out.push(`<rect x="${X0}" y="${Y0}" width="${PLOT}" height="${PLOT}" fill="#fbfbfb" stroke="#333"/>`);
  // Grid and ticks.
  const step = tickStep(2 * half, 8);
  for (let v = Math.ceil(-half / step) * step; v <= half + 1e-9; v += step) {
    const x = sx(v);
    const y = sy(v);
    const label = f(v === 0 ? 0 : v);
    out.push(`<line x1="${f(x)}" y1="${Y0}" x2="${f(x)}" y2="${Y0 + PLOT}" stroke="#e4e4e4"/>`);
    out.push(`<line x1="${X0}" y1="${f(y)}" x2="${X0 + PLOT}" y2="${f(y)}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${f(x)}" y="${Y0 + PLOT + 16}" text-anchor="middle" fill="#333">${label}</text>`);
    out.push(`<text x="${X0 - 6}" y="${f(y + 4)}" text-anchor="end" fill="#333">${label}</text>`);
  }
  out.push(`<text x="${cx}" y="${Y0 + PLOT + 36}" text-anchor="middle">Δ east [arcsec]  (east ←)</text>`);
  out.push(`<text x="16" y="${cy}" text-anchor="middle" transform="rotate(-90 16 ${cy})">Δ north [arcsec]</text>`);
  out.push(`<g clip-path="url(#plot)">`);
  if (e.radiusArcsec)
    out.push(
      `<circle cx="${cx}" cy="${cy}" r="${f(e.radiusArcsec * scale)}" fill="none" stroke="#888" stroke-dasharray="2 4"/>`,
    );
  // Lines from the primary to the members of the best association.
  const best = e.associations[0];
  if (best)
    for (const m of best.members.slice(1))
      if (m >= 0)
        out.push(
          `<line x1="${cx}" y1="${cy}" x2="${f(sx(e.sources[m].eastArcsec))}" y2="${f(sy(e.sources[m].northArcsec))}" stroke="#555" stroke-width="1.2"/>`,
        );
  const drawEllipse = (
    east: number,
    north: number,
    a: number,
    b: number,
    pa: number,
    color: string,
    sigma: number,
    width: number,
  ) => {
    // rx = b along screen-x and ry = a along screen-y (north); rotate(−PA) turns north towards east (left).
    const x = f(sx(east));
    const y = f(sy(north));
    return `<ellipse cx="${x}" cy="${y}" rx="${f(Math.max(0.5, sigma * b * scale))}" ry="${f(Math.max(0.5, sigma * a * scale))}" transform="rotate(${f(-pa)} ${x} ${y})" fill="${sigma === 1 ? color : 'none'}" fill-opacity="${sigma === 1 ? 0.12 : 0}" stroke="${color}" stroke-width="${width}"${sigma === 2 ? ' stroke-dasharray="5 3"' : ''}/>`;
  };
  const order = e.sources.map((_, i) => i).sort((i, j) => e.sources[j].aArcsec - e.sources[i].aArcsec);
  for (const i of order) {
    const s = e.sources[i];
    const color = COLORS[s.catalog % COLORS.length];
    out.push(drawEllipse(s.eastArcsec, s.northArcsec, s.aArcsec, s.bArcsec, s.paDeg, color, 2, 1));
    out.push(drawEllipse(s.eastArcsec, s.northArcsec, s.aArcsec, s.bArcsec, s.paDeg, color, 1, 1.5));
  }
  for (const s of e.sources) {
    const color = COLORS[s.catalog % COLORS.length];
    const x = sx(s.eastArcsec);
    const y = sy(s.northArcsec);
    if (s.catalog === 0)
      out.push(`<path d="M${f(x - 7)} ${f(y)}h14M${f(x)} ${f(y - 7)}v14" stroke="${color}" stroke-width="2.5"/>`);
    else out.push(`<circle cx="${f(x)}" cy="${f(y)}" r="3" fill="${color}"/>`);
    if (s.catalog > 0 && s.pSum >= 0.005)
      out.push(
        `<text x="${f(x + 6)}" y="${f(y - 6)}" fill="${color}" font-weight="bold" stroke="white" stroke-width="3" paint-order="stroke">${s.pSum.toFixed(2)}</text>`,
      );
  }
  out.push('</g>');
  // Compass (east left, north up).
  const ax = X0 + PLOT - 50;
  const ay = Y0 + 50;
  out.push(
    `<g stroke="#333" stroke-width="1.5" fill="#333"><line x1="${ax}" y1="${ay}" x2="${ax}" y2="${ay - 30}"/><line x1="${ax}" y1="${ay}" x2="${ax - 30}" y2="${ay}"/></g>`,
  );
  out.push(
    `<text x="${ax}" y="${ay - 34}" text-anchor="middle">N</text><text x="${ax - 40}" y="${ay + 4}" text-anchor="middle">E</text>`,
  );
  // Side panel: legend and the best associations.
  const px = X0 + PLOT + 24;
  let py = Y0 + 10;
  out.push(`<text x="${px}" y="${py}" font-weight="bold">Catalogues</text>`);
  e.catalogs.forEach((c, i) => {
    py += 18;
    out.push(
      `<rect x="${px}" y="${py - 10}" width="12" height="12" fill="${COLORS[i % COLORS.length]}" fill-opacity="0.35" stroke="${COLORS[i % COLORS.length]}"/>`,
    );
    out.push(`<text x="${px + 18}" y="${py}">${esc(c)}${i === 0 ? ' (primary, +)' : ''}</text>`);
  });
  py += 24;
  out.push(`<text x="${px}" y="${py}" fill="#333">ellipses: 1σ solid, 2σ dashed</text>`);
  py += 16;
  out.push(
    `<text x="${px}" y="${py}" fill="#333">${e.radiusArcsec ? `dotted circle: radius ${f(e.radiusArcsec)}″` : ''}</text>`,
  );
  py += 16;
  out.push(`<text x="${px}" y="${py}" fill="#333">labels: Σ p_i of the associations</text>`);
  py += 14;
  out.push(`<text x="${px}" y="${py}" fill="#333">containing the source</text>`);
  py += 28;
  out.push(`<text x="${px}" y="${py}" font-weight="bold">Best associations (p_i)</text>`);
  for (const a of e.associations.slice(0, 12)) {
    py += 17;
    const who = a.members
      .slice(1)
      .map((m) => (m >= 0 ? e.sources[m].label : '—'))
      .join(' + ');
    out.push(
      `<text x="${px}" y="${py}"><tspan font-weight="bold">${a.pI.toFixed(3)}</tspan> ${a.matchFlag === 1 ? '★' : a.matchFlag === 2 ? '☆' : ' '} ${esc(who)}</text>`,
    );
  }
  if (e.associations.length > 12)
    out.push(`<text x="${px}" y="${py + 17}" fill="#666">… ${e.associations.length - 12} more</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
