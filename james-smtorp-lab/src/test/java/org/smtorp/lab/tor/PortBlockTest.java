/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.lab.tor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortBlockTest {
    @Test
    void blocksHeldAtTheSameTimeShouldNotOverlap() {
        try (PortBlock first = PortBlock.reserve(); PortBlock second = PortBlock.reserve()) {
            assertThat(Math.abs(first.first() - second.first())).isGreaterThanOrEqualTo(PortBlock.SIZE);
        }
    }

    @Test
    void portsOfAReservedBlockShouldBeFreeOnLoopback() throws IOException {
        try (PortBlock block = PortBlock.reserve()) {
            for (int i = 0; i < PortBlock.SIZE; i++) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(Loopback.port(block.port(i)));
                }
            }
        }
    }

    @Test
    void portShouldRejectAnIndexOutsideTheBlock() {
        try (PortBlock block = PortBlock.reserve()) {
            assertThatThrownBy(() -> block.port(PortBlock.SIZE)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
