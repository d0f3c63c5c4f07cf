#!/usr/bin/env python3
"""bench/pytorch_recipe.py: the reference recipe in PyTorch, on textrnn's prepared sequences.

    python3 bench/pytorch_recipe.py --data work/bench/data/snippets-tsv [--epochs 1] [--threads 2]
                                    [--batch-size 128] [--seed 42] [--evaluate true|false]

The network and optimiser of Pytorch-RNN-text-classification (the project textrnn's defaults
follow): embedding 50 (row 0 = PAD) -> dropout 0.6 -> 2-layer bidirectional LSTM 128 with dropout
0.5 between layers, fed as packed sequences (each batch sorted by length, longest first, as the
reference's collate does) -> output at each document's last valid step -> BatchNorm1d -> Linear;
cross-entropy; Adam lr 0.005, weight_decay 1e-4; lr x0.1 every 8 epochs; clip_grad_norm 0.25 over
all parameters; batch 128, shuffled each epoch.

--data is a folder written by `SingleMachineTrainBench --export-tsv DIR` (bench/train-throughput.sh
does it): train.tsv, validation.tsv, test.tsv with lines `label_index<TAB>length<TAB>tokens`, the
same split and token indices as textrnn train sees, and meta.json (vocab size, classes).

Per epoch: train seconds (batching + forward/backward/step; evaluation excluded), process CPU
seconds (all threads), samples/s, tokens/s (true tokens = sum of lengths: packed sequences compute
no padding), and unless --evaluate false the validation and test accuracy after the epoch.
Prints one JSON object on stdout.
"""
import argparse
import json
import os
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(prog="pytorch_recipe.py", description=__doc__.split("\n\n")[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with train.tsv, validation.tsv, test.tsv, meta.json")
    p.add_argument("--epochs", type=int, default=1, help="epochs (default 1)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    p.add_argument("--batch-size", type=int, default=128, help="minibatch (default 128)")
    p.add_argument("--seed", type=int, default=42, help="seed of initialisation and shuffling (default 42)")
    p.add_argument("--max-batches", type=int, default=0, help="fit only the first N batches of each shuffled epoch (0: all; default 0)")
    p.add_argument("--evaluate", default="true", choices=["true", "false"], help="validation/test accuracy after each epoch (default true)")
    a = p.parse_args(argv)
    for name in ("epochs", "threads", "batch_size"):
        if getattr(a, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1, found {getattr(a, name)}")
    for f in ("train.tsv", "validation.tsv", "test.tsv", "meta.json"):
        if not os.path.isfile(os.path.join(a.data, f)):
            p.error(f"--data {a.data}: {f} is missing (write it with SingleMachineTrainBench --export-tsv, see bench/README.md)")
    return a


def read_split(path):
    labels, lengths, tokens = [], [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                sys.exit(f"pytorch_recipe: {path} line {n}: expected 3 tab-separated fields, found {len(parts)}")
            labels.append(int(parts[0]))
            lengths.append(int(parts[1]))
            tokens.append([int(t) for t in parts[2].split(" ")])
    return labels, lengths, tokens


def main(argv):
    a = parse_args(argv)
    try:
        import torch
        from torch import nn
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    except ImportError:
        sys.stderr.write("pytorch_recipe: PyTorch is not installed for this python3 (import torch failed).\n"
                         "  Debian/Ubuntu: apt-get install -y python3-torch   (bookworm: 1.13)\n"
                         "  or: pip install torch --index-url https://download.pytorch.org/whl/cpu\n")
        return 3
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    meta = json.load(open(os.path.join(a.data, "meta.json")))
    train = read_split(os.path.join(a.data, "train.tsv"))
    validation = read_split(os.path.join(a.data, "validation.tsv"))
    test = read_split(os.path.join(a.data, "test.tsv"))

    class Recipe(nn.Module):
        def __init__(self, vocab, classes, emb=50, hidden=128):
            super().__init__()
            self.embedding = nn.Embedding(vocab, emb, padding_idx=0)
            self.drop = nn.Dropout(0.6)
            self.rnn = nn.LSTM(emb, hidden, num_layers=2, dropout=0.5, batch_first=True, bidirectional=True)
            self.bn = nn.BatchNorm1d(2 * hidden)
            self.fc = nn.Linear(2 * hidden, classes)

        def forward(self, x, lengths):
            packed = pack_padded_sequence(self.drop(self.embedding(x)), lengths, batch_first=True, enforce_sorted=True)
            out, _ = self.rnn(packed)
            out, _ = pad_packed_sequence(out, batch_first=True)
            last = out[torch.arange(x.size(0)), lengths - 1]
            return self.fc(self.bn(last))

    def batch(split, idx):
        # longest first, padded to the longest of the batch (what the reference's collate does)
        idx = sorted(idx, key=lambda i: -split[1][i])
        lengths = torch.tensor([split[1][i] for i in idx], dtype=torch.long)
        x = torch.zeros(len(idx), int(lengths[0]), dtype=torch.long)
        for row, i in enumerate(idx):
            x[row, :lengths[row]] = torch.tensor(split[2][i], dtype=torch.long)
        y = torch.tensor([split[0][i] for i in idx], dtype=torch.long)
        return x, lengths, y

    def accuracy(model, split):
        if not split[0]:
            return None
        model.eval()
        right = 0
        with torch.no_grad():
            for s in range(0, len(split[0]), 512):
                x, lengths, y = batch(split, range(s, min(len(split[0]), s + 512)))
                right += int((model(x, lengths).argmax(1) == y).sum())
        model.train()
        return round(right / len(split[0]), 4)

    model = Recipe(meta["vocab_size"], meta["num_classes"])
    optimiser = torch.optim.Adam(model.parameters(), lr=0.005, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.StepLR(optimiser, step_size=8, gamma=0.1)
    loss_fn = nn.CrossEntropyLoss()
    n = len(train[0])
    true_tokens = sum(train[1])
    shuffler = torch.Generator().manual_seed(a.seed)
    epochs, cumulative = [], 0.0
    for epoch in range(1, a.epochs + 1):
        c0, t0 = time.process_time(), time.perf_counter()
        order = torch.randperm(n, generator=shuffler).tolist()
        if a.max_batches > 0:
            order = order[:a.max_batches * a.batch_size]
        samples, tokens = len(order), sum(train[1][i] for i in order)
        losses = []
        for s in range(0, samples, a.batch_size):
            x, lengths, y = batch(train, order[s:s + a.batch_size])
            optimiser.zero_grad()
            loss = loss_fn(model(x, lengths), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 0.25)
            optimiser.step()
            losses.append(float(loss))
            if len(losses) % 10 == 0:
                print(f"pytorch_recipe: epoch {epoch}, {len(losses)} batches, {time.perf_counter() - t0:.1f} s, {time.process_time() - c0:.1f} CPU s",
                      file=sys.stderr, flush=True)
        schedule.step()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        cumulative += seconds
        e = {"epoch": epoch, "batches": len(losses), "train_s": round(seconds, 3), "cumulative_train_s": round(cumulative, 3),
             "train_cpu_s": round(cpu, 3), "samples": samples, "samples_per_s": round(samples / seconds, 1), "tokens_per_s": round(tokens / seconds, 1),
             "train_loss": round(sum(losses) / len(losses), 4)}
        if a.evaluate == "true":
            v0 = time.perf_counter()
            e["validation_accuracy"] = accuracy(model, validation)
            e["test_accuracy"] = accuracy(model, test)
            e["evaluate_s"] = round(time.perf_counter() - v0, 3)
        print("pytorch_recipe: " + json.dumps(e), file=sys.stderr, flush=True)
        epochs.append(e)
    print(json.dumps({"variant": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(), "batch_size": a.batch_size,
                      "train_documents": n, "validation_documents": len(validation[0]), "test_documents": len(test[0]),
                      "true_tokens": true_tokens, "parameters": sum(p.numel() for p in model.parameters()), "epochs": epochs}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
