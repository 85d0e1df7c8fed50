/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Debian's {@code hashcash} tool, the real peer that mints the stamps tests pay with. */
final class HashcashTool {
    private HashcashTool() {
    }

    /** A stamp: {@code hashcash -m -q -b <bits> -r <resource> [options]}. */
    static String mint(int bits, String resource, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("hashcash", "-m", "-q", "-b", String.valueOf(bits),
            "-r", resource));
        command.addAll(List.of(options));
        PeerRun run = PeerRun.of(command.toArray(new String[0]));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.output().trim();
    }
}
