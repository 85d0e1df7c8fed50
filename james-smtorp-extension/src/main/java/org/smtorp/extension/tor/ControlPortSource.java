/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.io.IOException;
import java.time.Duration;

/** Where the lifecycle finds a tor control port: a tor we manage, or one that runs already. */
public interface ControlPortSource {
    /** A control port ready for a connection; a managed tor is (re)started first if needed. */
    ManagedTor.ControlPort controlPort(Duration timeout) throws IOException, InterruptedException;

    /** Ends what this source started; an attached tor is left running. */
    void stop();

    static ControlPortSource attached(ManagedTor.ControlPort port) {
        return new ControlPortSource() {
            @Override
            public ManagedTor.ControlPort controlPort(Duration timeout) {
                return port;
            }

            @Override
            public void stop() {
            }

            @Override
            public String toString() {
                return "tor at " + port.address();
            }
        };
    }

    static ControlPortSource managed(ManagedTor tor) {
        return new ControlPortSource() {
            @Override
            public ManagedTor.ControlPort controlPort(Duration timeout) throws IOException, InterruptedException {
                return tor.ensureRunning(timeout);
            }

            @Override
            public void stop() {
                tor.stop();
            }

            @Override
            public String toString() {
                return "managed tor";
            }
        };
    }
}
