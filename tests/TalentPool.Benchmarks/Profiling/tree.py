import sys, re, collections
exec(open(__import__('os').path.join(__import__('os').path.dirname(__file__), 'stacks.py')).read().split('N = len(samples)')[0].replace('path = sys.argv[1]','path=sys.argv[1]').replace('mode = sys.argv[2] if len(sys.argv) > 2 else "top"',''))
N=len(samples)
root = re.compile(sys.argv[2]); minp = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5; maxd = int(sys.argv[4]) if len(sys.argv) > 4 else 8
noise = re.compile(r"AsyncMethodBuilderCore::Start|ExecutionContext::Run|AsyncStateMachineBox|AsyncTaskMethodBuilder|ConfiguredValueTaskAwaitable|Task::RunContinuations|TrySetResult|SetExistingTaskResult|^stub |ValueTask.*::get_Result|Task`1.*::TrySetResult|AwaitTaskContinuation")
tree = {}
for c, fr in samples:
    idx = [i for i, s in enumerate(fr) if root.search(s)]
    if not idx: continue
    path = [s for s in reversed(fr[:max(idx)]) if not noise.search(s)]
    # collapse consecutive "X::M" and "X+<M>d::MoveNext" duplicates
    out = []
    for s in path:
        key = re.sub(r"\+<(<)?([^>]+)>[^:]*::MoveNext", r"::\2", s)
        if out and out[-1] == key: continue
        out.append(key)
    node = tree
    node.setdefault("#", 0); node["#"] += 1
    for s in out[:maxd]:
        node = node.setdefault(s, {"#": 0}); node["#"] += 1
def show(node, depth):
    kids = sorted(((k, v) for k, v in node.items() if k != "#"), key=lambda kv: -kv[1]["#"])
    for k, v in kids:
        if 100 * v["#"] / N < minp: continue
        print(f"{'  '*depth}{100*v['#']/N:5.1f}% {k[:170]}")
        show(v, depth + 1)
print(f"total {100*tree.get('#',0)/N:.1f}% of {N}")
show(tree, 0)
