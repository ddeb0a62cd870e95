import { budgets, measure } from './size.mjs'
for (const b of budgets) { const r = await measure(b); console.log(b.entry, r.min, r.gzip) }
