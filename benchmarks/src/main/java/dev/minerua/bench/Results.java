package dev.minerua.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything measured in one benchmark run, by kind, in the order it arrived. */
final class Results {
    final List<Row> rows = new ArrayList<>();
    final List<LoadTimes> loads = new ArrayList<>();
    final List<OptRow> opts = new ArrayList<>();
    final List<MemRow> mems = new ArrayList<>();

    void add(Record r) {
        switch (r) {
            case Row x -> rows.add(x);
            case LoadTimes x -> loads.add(x);
            case OptRow x -> opts.add(x);
            case MemRow x -> mems.add(x);
            default -> throw new IllegalArgumentException("unknown result " + r.getClass().getSimpleName());
        }
    }

    void addAll(List<? extends Record> records) {
        records.forEach(this::add);
    }
}
