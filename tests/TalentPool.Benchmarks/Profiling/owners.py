import re,collections,sys
fname=sys.argv[1]; sys.argv=['x',fname]
exec(open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'stacks.py')).read().split('N = len(samples)')[0].replace('mode = sys.argv[2] if len(sys.argv) > 2 else "top"',''))
N=len(samples)
generic=re.compile(r"^(System.Private.CoreLib|System.Collections|System.Linq|System.Runtime|System.Memory|System.Collections.Concurrent)!|^stub |libcoreclr|libc\.so|kallsyms|ld-linux|^\[unknown\]")
cnt=collections.Counter()
for c,fr in samples:
    o=next((x for x in fr if not generic.search(x)), "generic-only")
    asm=o.split("!")[0] if "!" in o else o.split(" ")[-1]
    cnt[asm]+=1
for k,n in cnt.most_common(40): print(f"{100*n/N:5.1f}% {k[:120]}")
