import sys, re, collections
path = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else "top"
samples = []
cur = None
with open(path, errors="replace") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line.strip():
            if cur: samples.append(cur); cur = None
            continue
        if not line.startswith((" ", "\t")):
            cur = (line.split()[0], [])
            continue
        parts = line.strip().split(None, 1)
        sym = parts[1] if len(parts) > 1 else "?"
        sym = re.sub(r"\s*\(([^)]*)\)$", lambda m: " [" + m.group(1).split("/")[-1] + "]", sym)
        sym = re.sub(r"\+0x[0-9a-f]+", "", sym)
        m = re.search(r"\[([^\]]+)\] (\S+?::[^(\s]+)\(", sym)
        if m: sym = m.group(1) + "!" + m.group(2)
        cur[1].append(sym)
if cur: samples.append(cur)
N = len(samples)
print("samples", N)
if mode == "top":
    excl = collections.Counter(); incl = collections.Counter(); comm = collections.Counter()
    for c, fr in samples:
        comm[c] += 1
        if fr: excl[fr[0]] += 1
        for s in set(fr): incl[s] += 1
    print("threads:", comm.most_common(12))
    print("--- exclusive"); 
    for s, n in excl.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 40): print(f"{100*n/N:5.1f}% {s[:200]}")
    print("--- inclusive")
    for s, n in incl.most_common(int(sys.argv[4]) if len(sys.argv)>4 else 120): print(f"{100*n/N:5.1f}% {s[:200]}")
elif mode == "grep":
    # inclusive share of samples whose stack matches each regex given
    for pat in sys.argv[3:]:
        r = re.compile(pat)
        n = sum(1 for c, fr in samples if any(r.search(s) for s in fr))
        print(f"{100*n/N:5.1f}% {pat}")
elif mode == "under":
    # callees (next frame toward leaf) under a frame matching regex, inclusive
    r = re.compile(sys.argv[3]); depth = int(sys.argv[4]) if len(sys.argv)>4 else 1
    cnt = collections.Counter(); tot = 0
    for c, fr in samples:
        idx = [i for i, s in enumerate(fr) if r.search(s)]
        if not idx: continue
        tot += 1
        i = max(idx)  # outermost match
        j = i - depth
        cnt[fr[j] if j >= 0 else "<self>"] += 1
    print(f"total {100*tot/N:.1f}%")
    for s, n in cnt.most_common(40): print(f"{100*n/N:5.1f}% {s[:200]}")
if mode == "layers":
    pats = [(p.split("=",1)[0], re.compile(p.split("=",1)[1])) for p in sys.argv[3:]]
    cnt = collections.Counter()
    for c, fr in samples:
        best = "other"
        for name, r in pats:
            if any(r.search(s) for s in fr): best = name
        cnt[best] += 1
    for name, _ in pats + [("other", None)]:
        print(f"{100*cnt[name]/N:5.1f}% {name}")
