import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { budgets, bundleOptions } from './size.mjs'
const packages = fileURLToPath(new URL('../packages/', import.meta.url))
const fromSources = { name: 'ws', setup(on) { on.onResolve({ filter: /^@uc-conversation\// }, ({ path }) => {
  const [, pkg, sub] = path.match(/^@uc-conversation\/([^/]+)(?:\/(.+))?$/)
  return { path: `${packages}${pkg}/src/${sub ? `${sub}/` : ''}index.ts` } }) } }
const budget = budgets.find((b) => b.entry === 'react-setup.js')
const r = await build({ ...bundleOptions(budget), metafile: true, target: 'es2022', plugins: [fromSources], sourcemap: 'external', outfile: '/tmp/gzout.js' })
const code = r.outputFiles.find(f=>f.path.endsWith('.js')).text
const map = JSON.parse(r.outputFiles.find(f=>f.path.endsWith('.map')).text)
// decode mappings (single line output mostly)
const B64='ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const lines=code.split('\n'); const lineStart=[0]; for(const l of lines) lineStart.push(lineStart[lineStart.length-1]+l.length+1)
const segs=[]; let src=0
map.mappings.split(';').forEach((line,li)=>{ let col=0; if(!line) return; for(const seg of line.split(',')){ const v=[]; let shift=0,val=0; for(const ch of seg){ let d=B64.indexOf(ch); val+=(d&31)<<shift; if(d&32){shift+=5}else{ v.push(val&1?-(val>>1):val>>1); val=0; shift=0 } } col+=v[0]; if(v.length>1){src+=v[1]} segs.push([lineStart[li]+col, src]) } })
const owner=new Int32Array(code.length).fill(-1)
for(let i=0;i<segs.length;i++){ const [s,f]=segs[i]; const e=i+1<segs.length?segs[i+1][0]:code.length; for(let k=s;k<e;k++) owner[k]=f }
const base=gzipSync(code,{level:9}).length
const byFile=new Map(); for(let k=0;k<code.length;k++){ const f=owner[k]; byFile.set(f,(byFile.get(f)||0)+1) }
const rows=[]
for(const [f,min] of byFile){ if(f<0) continue; let out=''; for(let k=0;k<code.length;k++) if(owner[k]!==f) out+=code[k]; rows.push([map.sources[f].replace(/^(\.\.\/)+/,''), min, base-gzipSync(out,{level:9}).length]) }
rows.sort((a,b)=>b[2]-a[2])
console.log('gzip', base)
for(const [p,m,g] of rows.slice(0,Number(process.argv[2]??50))) console.log(String(g).padStart(6), String(m).padStart(7), p)
