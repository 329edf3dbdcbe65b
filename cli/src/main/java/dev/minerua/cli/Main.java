package dev.minerua.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code minerua} command line: {@code inspect}, {@code run}, {@code bench} and {@code demo}.
 * Exit codes: 0 success, 1 failure (including a FAILed comparison), 2 usage error.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private static final List<Command> COMMANDS = List.of(
            new InspectCommand(), new RunCommand(), new BenchCommand(), new ConformanceCommand(), new DemoCommand(),
            new OptimizeCommand(), new AotWorkloadCommand());

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the tool as {@link #main} does, writing to the given streams, and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(overview());
            return USAGE;
        }
        String word = args[0];
        if (word.equals("--help") || word.equals("-h") || word.equals("help")) {
            if (args.length > 1) {
                Command c = find(args[1]);
                if (c != null) {
                    out.print(c.usage());
                    return OK;
                }
            }
            out.print(overview());
            return OK;
        }
        Command command = find(word);
        if (command == null) {
            err.println("minerua: unknown command '" + word + "'");
            err.print(overview());
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return OK;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("minerua " + command.name() + ": " + e.getMessage());
            err.print(command.usage());
            return USAGE;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            out.flush();
            err.println("minerua " + command.name() + ": error: " + describe(e));
            if (System.getenv("MINERUA_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set MINERUA_DEBUG=1 for the stack trace)");
            }
            return FAILURE;
        }
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        String type = e.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? type : type + ": " + msg;
    }

    private static Command find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    static String overview() {
        StringBuilder b = new StringBuilder("""
                Usage: minerua COMMAND [ARGS...]
                       minerua COMMAND --help

                Commands:
                """);
        for (Command c : COMMANDS) {
            b.append(String.format("  %-12s %s%n", c.name(), c.summary()));
        }
        return b.toString();
    }
}
