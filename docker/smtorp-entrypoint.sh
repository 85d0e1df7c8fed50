#!/bin/sh
# Installs SMTorP into James's home with `smtorp install` (the same code as bin/smtorp install:
# XML merges, backups, idempotent), then starts James as the official image does.
set -eu
# The overrides are for checking this script outside the image (DockerEntryPointTest).
home=${SMTORP_JAMES_HOME:-/root}
smtorp=${SMTORP_CLI:-/usr/local/bin/smtorp}
jars=${SMTORP_JARS:-/opt/smtorp/extensions-jars}

# conf/ is a volume: the first start merges, later starts find nothing to change. The identity
# is made in the state volume (/root/var/smtorp/identity) unless one is there already.
"$smtorp" install "$home" --jars "$jars"

[ "${SMTORP_NO_EXEC:-}" = 1 ] && exit 0
# The official image's command line (Jib 3.2.1, appRoot /root): its JVM flags, the class path
# and main class Jib wrote for the image, so a newer James image brings its own.
exec java -Dlogback.configurationFile="$home/conf/logback.xml" -Dworking.directory="$home/" \
    -Djdk.tls.ephemeralDHKeySize=2048 -Dextra.props="$home/conf/jvm.properties" \
    -cp "@$home/jib-classpath-file" "$(cat "$home/jib-main-class-file")" "$@"
