package org.textrnn.command;

import picocli.CommandLine.Option;

/** The options {@link Parser} adds to every command: how it runs, not what it does (never recorded). */
public final class StandardOptions {

    public static final String CONFIG = "config";
    public static final String HELP = "help";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file of 'key = value' lines (any Hadoop path; see conf/textrnn.conf); command-line options win over it.")
    String config;

    @Option(names = "--dry-run", description = "Check the options and inputs, print the resolved settings, and stop before starting Spark.")
    boolean dryRun;

    @Option(names = "--help", usageHelp = true, description = "Print this help and exit.")
    boolean help;
}
