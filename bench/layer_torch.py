#!/usr/bin/python3
"""bench/layer_torch.py: CPU ms per minibatch of a stacked bidirectional LSTM / GRU in PyTorch.

    /usr/bin/python3 bench/layer_torch.py [--cell lstm|gru|both] [--rounds 5] [--steps 29]
                                          [--seed 1] [--allow-any-blas]

The PyTorch side of the layer-level benchmark (bench/layer-bench.sh runs it next to the Java
org.textrnn.bench.LayerBench). One thread (torch.set_num_threads(1), OMP_NUM_THREADS=1,
OPENBLAS_NUM_THREADS=1). Network per cell: random float inputs [batch, T, 50] (no embedding),
sequence lengths uniform in 5..T, packed with pack_padded_sequence(enforce_sorted=False) -> nn.LSTM
or nn.GRU, hidden 128, 2 layers, bidirectional -> Linear(256, 2) on cat(h_n[-2], h_n[-1]) (the last
layer's forward and backward final states) -> CrossEntropyLoss; Adam lr 1e-3. Training minibatches
of 128, inference batches of 256 (under torch.no_grad). The inputs are drawn once from --seed
(4 training and 3 inference batches, outside any timing) and reused in every round.

Protocol per cell: warm-up 3 training steps and 2 inference calls, then --rounds rounds of 4
training steps (one per training batch) + 3 inference calls (one per inference batch). With
--cell both the two cells are warmed up first, then run round by round in turn (lstm, gru in odd
rounds, gru, lstm in even rounds), so that both see the same load. Times are CPU time of the
process (time.process_time: user + system, all threads) per training minibatch / per inference
batch; wall time is printed alongside. Output: one `round` line per cell and round, then per cell

    SUMMARY torch-<cell> train_ms_median=.. train_ms_min=.. infer_ms_median=.. infer_ms_min=.. torch=VERSION blas=PATH threads=1

BLAS check: PyTorch's GEMMs go through the libblas.so.3 that Debian's alternatives select. With
only libblas3 installed that is the reference BLAS, about 7x slower, which would make the
comparison meaningless. The script reads /proc/self/maps, prints every BLAS library it mapped and
stops with exit status 3 unless one of them is OpenBLAS (apt-get install libopenblas0-pthread), or
--allow-any-blas is given. Exit status 2: a usage error.
"""
import argparse
import os
import sys

# Before torch (and so the BLAS library) is loaded: one thread everywhere. OpenBLAS (pthread
# build) reads OPENBLAS_NUM_THREADS when it is loaded and is not told by torch.set_num_threads.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import ctypes  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

TRAIN_BATCH, INFER_BATCH, N_IN, HIDDEN, LAYERS, CLASSES = 128, 256, 50, 128, 2, 2
MIN_LEN = 5
WARMUP_TRAIN, WARMUP_INFER = 3, 2
TRAIN_PER_ROUND, INFER_PER_ROUND = 4, 3
BLAS_EXIT = 3


def parse_args(argv):
    doc = __doc__.split("\n\n")
    p = argparse.ArgumentParser(prog="layer_torch.py", description="\n\n".join(doc[2:]),
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cell", choices=["lstm", "gru", "both"], default="both",
                   help="recurrent cell to measure; both: LSTM and GRU in one process, rounds interleaved (default both)")
    p.add_argument("--rounds", type=int, default=5,
                   help=f"measured rounds after the warm-up, each {TRAIN_PER_ROUND} training steps + {INFER_PER_ROUND} inference calls per cell (default 5)")
    p.add_argument("--steps", type=int, default=29,
                   help=f"T: padded sequence length; lengths are drawn uniformly in {MIN_LEN}..T (default 29, must be >= {MIN_LEN})")
    p.add_argument("--seed", type=int, default=1, help="seed of the weights and of the random inputs (default 1)")
    p.add_argument("--allow-any-blas", action="store_true",
                   help=f"run even when the mapped BLAS is not OpenBLAS (otherwise exit status {BLAS_EXIT}); the SUMMARY still names it")
    a = p.parse_args(argv)
    if a.rounds < 1:
        p.error(f"--rounds must be >= 1, found {a.rounds}")
    if a.steps < MIN_LEN:
        p.error(f"--steps must be >= {MIN_LEN} (the shortest sequence), found {a.steps}")
    return a


def mapped_blas():
    """Paths of the BLAS libraries this process has mapped, from /proc/self/maps, in map order."""
    found = []
    with open("/proc/self/maps") as f:
        for line in f:
            fields = line.split(None, 5)
            if len(fields) < 6:
                continue
            path = fields[5].strip()
            name = os.path.basename(path).lower()
            if path.startswith("/") and ("blas" in name or name.startswith(("libmkl", "libblis", "libatlas", "libsatlas", "libtatlas"))):
                if path not in found:
                    found.append(path)
    return found


def is_openblas(path):
    """OpenBLAS itself (libopenblas*.so*) or Debian's libblas.so.3 wrapper of an OpenBLAS alternative."""
    return "openblas" in os.path.basename(path).lower() or "openblas" in os.path.basename(os.path.dirname(path)).lower()


def blas_core(paths):
    """The one path to report: the OpenBLAS core library if mapped, else the first BLAS library, else 'none'."""
    cores = [p for p in paths if "openblas" in os.path.basename(p).lower()]
    return (cores or paths or ["none"])[0]


def openblas_info(path):
    """(config string, threads) from the mapped OpenBLAS, or None if it cannot be asked; sets 1 thread."""
    try:
        lib = ctypes.CDLL(path)
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_set_num_threads(1)
        return lib.openblas_get_config().decode(errors="replace"), int(lib.openblas_get_num_threads())
    except (OSError, AttributeError):
        return None


def check_blas(torch, allow_any):
    torch.mm(torch.ones(8, 8), torch.ones(8, 8))  # any lazy loading done before reading the maps
    paths = mapped_blas()
    print("BLAS mapped: " + (", ".join(paths) if paths else "none"), flush=True)
    core = blas_core(paths)
    if not any(is_openblas(p) for p in paths):
        what = f"the BLAS this process mapped is not OpenBLAS ({core})" if paths else "this process mapped no BLAS library"
        msg = (f"layer_torch: {what}. PyTorch's CPU GEMMs "
               "go through the libblas.so.3 of Debian's alternatives; the reference BLAS (libblas3) is about 7x "
               "slower, so these figures would not compare. Install OpenBLAS: apt-get install -y libopenblas0-pthread "
               "(check: update-alternatives --display libblas.so.3-x86_64-linux-gnu), or pass --allow-any-blas "
               "to measure anyway.")
        if not allow_any:
            print(msg, file=sys.stderr, flush=True)
            sys.exit(BLAS_EXIT)
        print("WARNING " + msg.replace("layer_torch: ", "", 1) + " (--allow-any-blas given: measuring anyway)", flush=True)
    else:
        info = openblas_info(core)
        if info is not None:
            print(f"OpenBLAS config: {info[0].strip()}; threads {info[1]}", flush=True)
    return core


def build(torch, cell, steps, seed):
    nn = torch.nn
    from torch.nn.utils.rnn import pack_padded_sequence

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            rnn = nn.LSTM if cell == "lstm" else nn.GRU
            self.rnn = rnn(N_IN, HIDDEN, num_layers=LAYERS, bidirectional=True, batch_first=True)
            self.head = nn.Linear(2 * HIDDEN, CLASSES)

        def forward(self, x, lengths):
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            _, h = self.rnn(packed)
            if cell == "lstm":
                h = h[0]  # (h_n, c_n)
            return self.head(torch.cat([h[-2], h[-1]], dim=1))

    torch.manual_seed(seed)
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed + 1)

    def batch(size):
        x = torch.rand(size, steps, N_IN, generator=gen) - 0.5
        lengths = torch.randint(MIN_LEN, steps + 1, (size,), generator=gen)  # int64 on the CPU, as packing wants
        y = torch.randint(0, CLASSES, (size,), generator=gen)
        return x, lengths, y

    train_batches = [batch(TRAIN_BATCH) for _ in range(TRAIN_PER_ROUND)]
    infer_batches = [batch(INFER_BATCH)[:2] for _ in range(INFER_PER_ROUND)]

    def train_step(i):
        x, lengths, y = train_batches[i % len(train_batches)]
        opt.zero_grad()
        loss = loss_fn(net(x, lengths), y)
        loss.backward()
        opt.step()

    def infer(i):
        x, lengths = infer_batches[i % len(infer_batches)]
        with torch.no_grad():
            net(x, lengths)

    return train_step, infer


def timed(fn, n):
    """(CPU ms, wall ms) per call of fn(0..n-1)."""
    c0, w0 = time.process_time(), time.perf_counter()
    for i in range(n):
        fn(i)
    c1, w1 = time.process_time(), time.perf_counter()
    return (c1 - c0) * 1e3 / n, (w1 - w0) * 1e3 / n


def main(argv):
    args = parse_args(argv)
    import torch
    torch.set_num_threads(1)
    blas = check_blas(torch, args.allow_any_blas)
    cells = ["lstm", "gru"] if args.cell == "both" else [args.cell]
    print(f"layer_torch: torch {torch.__version__}, threads {torch.get_num_threads()}, cells {','.join(cells)}, "
          f"T={args.steps}, input {N_IN}, hidden {HIDDEN} x {LAYERS} bidirectional layers, train batch {TRAIN_BATCH}, "
          f"infer batch {INFER_BATCH}, rounds {args.rounds}, seed {args.seed}", flush=True)
    nets = {c: build(torch, c, args.steps, args.seed) for c in cells}
    for c in cells:
        train_step, infer = nets[c]
        cpu_w, _ = timed(train_step, WARMUP_TRAIN)
        cpu_wi, _ = timed(infer, WARMUP_INFER)
        print(f"warmup torch-{c} train {cpu_w:.1f} ms/mb infer {cpu_wi:.1f} ms/batch (CPU)", flush=True)
    train_ms = {c: [] for c in cells}
    infer_ms = {c: [] for c in cells}
    for r in range(1, args.rounds + 1):
        order = cells if r % 2 == 1 else cells[::-1]
        for c in order:
            train_step, infer = nets[c]
            tc, tw = timed(train_step, TRAIN_PER_ROUND)
            ic, iw = timed(infer, INFER_PER_ROUND)
            train_ms[c].append(tc)
            infer_ms[c].append(ic)
            load1 = open("/proc/loadavg").read().split()[0]
            print(f"round {r}/{args.rounds} torch-{c} train(b{TRAIN_BATCH}) cpu {tc:.2f} wall {tw:.2f} ms/mb  "
                  f"infer(b{INFER_BATCH}) cpu {ic:.2f} wall {iw:.2f} ms/batch  load1 {load1}", flush=True)
    for c in cells:
        t, i = train_ms[c], infer_ms[c]
        print(f"SUMMARY torch-{c} train_ms_median={statistics.median(t):.2f} train_ms_min={min(t):.2f} "
              f"infer_ms_median={statistics.median(i):.2f} infer_ms_min={min(i):.2f} "
              f"torch={torch.__version__} blas={blas} threads={torch.get_num_threads()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
