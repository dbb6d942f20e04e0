#!/usr/bin/env python3
"""Compares Palermo's betweenness and PageRank with igraph, graph-tool and
networkx on one edge list (issue #11; bench/README.md, "Network analysis").

usage: analytics_compare.py EDGES VALUES [--repeat 3] [--networkx-max 10000]
       analytics_compare.py --barabasi-albert N M SEED OUT   (writes a BA edge list with igraph)

EDGES: "u v" per line, vertices 0..n-1, the simple undirected graph every
tool is given. VALUES: "v betweenness pagerank" per line, as analytics-bench
edges --values-out writes them. Each tool's algorithm is timed apart from
loading, median of --repeat runs (networkx once, and only up to
--networkx-max vertices). Correctness: Palermo's exact betweenness against
igraph's, the largest difference over the largest value (goal 1e-9), and
the L1 distance of the PageRank vectors after normalising (goal 1e-6).
"""
import statistics
import sys
import time


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv):
    if argv[:1] == ["--barabasi-albert"]:
        import igraph
        n, m, seed, out = int(argv[1]), int(argv[2]), int(argv[3]), argv[4]
        import random
        random.seed(seed)
        igraph.set_random_number_generator(random)
        g = igraph.Graph.Barabasi(n, m)
        g.simplify()
        with open(out, "w") as f:
            for a, b in g.get_edgelist():
                f.write(f"{a} {b}\n")
        print(f"Barabasi-Albert n={g.vcount()} m={g.ecount()} seed={seed} -> {out}")
        return 0
    edges_path, values_path = argv[0], argv[1]
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    nx_max = int(argv[argv.index("--networkx-max") + 1]) if "--networkx-max" in argv else 10000
    pairs = [tuple(map(int, line.split())) for line in open(edges_path) if line.strip()]
    n = 1 + max(max(a, b) for a, b in pairs)
    ours_bc, ours_pr = [0.0] * n, [0.0] * n
    for line in open(values_path):
        v, bc, pr = line.split()
        ours_bc[int(v)], ours_pr[int(v)] = float(bc), float(pr)

    import igraph
    g = igraph.Graph(n=n, edges=pairs, directed=False)
    g.simplify()
    t_bc, bc = timed(lambda: g.betweenness(directed=False), repeat)
    t_pr, pr = timed(lambda: g.pagerank(damping=0.85, directed=False), repeat)
    top = max(max(bc), 1e-300)
    bc_err = max(abs(a - b) for a, b in zip(ours_bc, bc)) / top
    s_ours, s_ig = sum(ours_pr), sum(pr)
    pr_l1 = sum(abs(a / s_ours - b / s_ig) for a, b in zip(ours_pr, pr))
    print(f"n {n}, m {g.ecount()}")
    print(f"igraph {igraph.__version__}: betweenness median {t_bc:.3f} s, PageRank median {t_pr:.4f} s")
    print(f"palermo vs igraph: betweenness max difference / max {bc_err:.2e} (goal 1e-9), "
          f"PageRank L1 {pr_l1:.2e} (goal 1e-6)")
    try:
        import graph_tool.all as gt
        if gt.openmp_enabled():
            gt.openmp_set_num_threads(1)  # one core, as Palermo's and igraph's
        h = gt.Graph(directed=False)
        h.add_vertex(n)
        h.add_edge_list(pairs)
        def gt_bc():
            return gt.betweenness(h, norm=False)[0]
        t_gt, _ = timed(gt_bc, repeat)
        t_gtpr, _ = timed(lambda: gt.pagerank(h, damping=0.85), repeat)
        print(f"graph-tool {gt.__version__.split()[0]}: betweenness median {t_gt:.3f} s "
              f"(threads {gt.openmp_get_num_threads() if gt.openmp_enabled() else 1}), PageRank median {t_gtpr:.4f} s")
    except ImportError:
        print("graph-tool: not installed (Debian: python3-graph-tool)")
    if n <= nx_max:
        import networkx as nx
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(pairs)
        t_nx, _ = timed(lambda: nx.betweenness_centrality(G, normalized=False), 1)
        t_nxpr, _ = timed(lambda: nx.pagerank(G, alpha=0.85), 1)
        print(f"networkx {nx.__version__}: betweenness {t_nx:.2f} s (one run), PageRank {t_nxpr:.3f} s")
    else:
        print(f"networkx: not run ({n} vertices, over --networkx-max {nx_max})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
