/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.fuzz;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A Jazzer fuzz test of a parser that reads bytes from the network or DNS (docs/fuzzing.md).
 * No input may take a second: in a plain {@code mvn verify} the corpus in
 * {@code src/test/resources/<package>/<class>Inputs/<method>/} is replayed under JUnit's timeout
 * (in its own thread, so that a busy loop is caught too); in a fuzzing run ({@code bin/fuzz})
 * Jazzer hands the same second to libFuzzer's {@code -timeout}, which reports a slow input as a
 * finding. The five seconds are CI's short run; a campaign sets its own length.
 */
@Target(METHOD)
@Retention(RUNTIME)
@Timeout(value = 1, unit = SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@FuzzTest(maxDuration = "5s")
public @interface ParserFuzzTarget {
}
