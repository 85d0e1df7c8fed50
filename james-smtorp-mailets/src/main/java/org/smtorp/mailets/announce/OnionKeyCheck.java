/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.io.IOException;

import org.smtorp.protocol.sender.ProvedSender;

/** Whether an onion serves the TLS key a connection proved: what binds an XONION proof to the onion. */
interface OnionKeyCheck {
    /**
     * @return false when the onion serves another key
     * @throws IOException when the onion could not be asked (unreachable, no TLS): nothing is known
     */
    boolean serves(ProvedSender proved) throws IOException;
}
