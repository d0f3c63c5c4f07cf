package org.textrnn.corpus;

/** What happens to a record that cannot be read: rejected and counted ({@code skip}), or the run fails ({@code fail}). */
public enum OnError { SKIP, FAIL }
