package dev.minerua.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;

/**
 * One result record per text line, for handing results from a measuring child JVM to the parent:
 * the record's simple class name, then its components tab-separated in declaration order, with backslash
 * escapes for tabs, line breaks and backslashes. Components may be String, int, double, boolean or
 * {@link Stats} (written {@code median,p90,count}, or {@code -} for null). Anything else the child prints is
 * not a record line and is passed through as log.
 */
public final class RecordLines {
    /** The records a child may send. */
    static final List<Class<? extends Record>> KINDS = List.of(Row.class, LoadTimes.class, OptRow.class, MemRow.class);
    private static final String NULL_STATS = "-";

    private RecordLines() {
    }

    public static String encode(Record r) {
        StringBuilder sb = new StringBuilder(r.getClass().getSimpleName());
        try {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                sb.append('\t').append(escape(field(c.getAccessor().invoke(r))));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    /** The record on a line written by {@link #encode}, or null when the line is something else. */
    public static Record decode(String line) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            return null;
        }
        String tag = line.substring(0, tab);
        Class<? extends Record> kind = KINDS.stream().filter(k -> k.getSimpleName().equals(tag)).findFirst().orElse(null);
        if (kind == null) {
            return null;
        }
        String[] f = line.substring(tab + 1).split("\t", -1);
        RecordComponent[] comps = kind.getRecordComponents();
        if (f.length != comps.length) {
            throw new IllegalArgumentException("malformed " + tag + " line (" + f.length + " fields, expected "
                    + comps.length + "): " + line);
        }
        Class<?>[] types = new Class<?>[comps.length];
        Object[] values = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            values[i] = parse(types[i], unescape(f[i]));
        }
        try {
            Constructor<? extends Record> ctor = kind.getDeclaredConstructor(types);
            return ctor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(Object v) {
        return switch (v) {
            case null -> NULL_STATS;
            case Stats s -> String.format(Locale.ROOT, "%s,%s,%d", s.median(), s.p90(), s.count());
            default -> String.valueOf(v);
        };
    }

    private static Object parse(Class<?> type, String s) {
        if (type == String.class) {
            return s;
        } else if (type == int.class) {
            return Integer.parseInt(s);
        } else if (type == double.class) {
            return Double.parseDouble(s);
        } else if (type == boolean.class) {
            return Boolean.parseBoolean(s);
        } else if (type == Stats.class) {
            if (s.equals(NULL_STATS)) {
                return null;
            }
            String[] p = s.split(",");
            return new Stats(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Integer.parseInt(p[2]));
        }
        throw new IllegalArgumentException("unsupported component type " + type);
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
