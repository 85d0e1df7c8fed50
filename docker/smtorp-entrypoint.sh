#!/bin/sh
# Completes James's conf/ for SMTorP, then starts James as the apache/james image does.
# Idempotent: /root/conf is a volume, so a restarted container finds its files merged already.
set -eu
# The two overrides are for checking this script outside the image (docker/README.md).
conf=${SMTORP_CONF:-/root/conf}
shipped=$conf/smtorp
identity=${SMTORP_IDENTITY:-/root/var/smtorp/identity}

fail() { echo "smtorp-entrypoint: $*" >&2; exit 1; }

[ -f "$identity/onion/hostname" ] && [ -f "$identity/tls/keystore.password" ] \
    || fail "no SMTorP identity in $identity: make one with \`bin/smtorp init DIR\` and mount DIR there"
onion=$(cat "$identity/onion/hostname")
secret=$(cat "$identity/tls/keystore.password")

# The onion listener (conf/smtpserver-onion.xml) joins the image's listeners, filled in as
# `smtorp run` fills it: loopback port 2525, the identity's key store. It holds the key store
# secret, so smtpserver.xml becomes owner-only.
if ! grep -q '<jmxName>smtpserver-onion</jmxName>' "$conf/smtpserver.xml"; then
    sed -n '/<smtpserver enabled="true">/,$p' "$shipped/smtpserver-onion.xml" \
        | sed -e "s|{{onion.domain}}|$onion|g" -e 's|{{onion.port}}|2525|g' \
              -e "s|{{onion.identityDirectory}}|$identity|g" \
              -e "s|{{onion.keystore}}|$identity/tls/keystore.p12|g" -e "s|{{onion.secret}}|$secret|g" \
        > "$conf/.smtpserver-onion.element"
    # Before the last </smtpservers>.
    head -n "$(($(grep -n '</smtpservers>' "$conf/smtpserver.xml" | tail -1 | cut -d: -f1) - 1))" "$conf/smtpserver.xml" > "$conf/.smtpserver.xml"
    cat "$conf/.smtpserver-onion.element" >> "$conf/.smtpserver.xml"
    echo '</smtpservers>' >> "$conf/.smtpserver.xml"
    mv "$conf/.smtpserver.xml" "$conf/smtpserver.xml"
    rm -f "$conf/.smtpserver-onion.element"
    chmod 600 "$conf/smtpserver.xml"
fi

# key=value snippets: add our value to the image's key, or the key itself.
merge() {
    file=$conf/$1 key=$2 value=$3
    touch "$file"
    if grep -q "^$key=.*$value" "$file"; then return; fi
    if grep -q "^$key=" "$file"; then
        sed -i "s|^$key=\(.*\)|$key=\1,$value|" "$file"
    else
        echo "$key=$value" >> "$file"
    fi
}
merge healthcheck.properties additional.healthchecks org.smtorp.extension.health.OnionServiceHealthCheck
merge webadmin.properties extensions.routes org.smtorp.extension.webadmin.SmtorpRoutes

echo "smtorp-entrypoint: SMTorP for $onion; after start add the domain and postmaster:"
echo "  curl -XPUT http://127.0.0.1:8000/domains/$onion"
echo "  curl -XPUT http://127.0.0.1:8000/users/postmaster@$onion -d '{\"password\":\"...\"}'"

[ "${SMTORP_NO_EXEC:-}" = 1 ] && exit 0
# The image's own command line (Jib, app root /root): see docker/README.md.
exec java -Dlogback.configurationFile=/root/conf/logback.xml -Dworking.directory=/root/ \
    -Djdk.tls.ephemeralDHKeySize=2048 -Dextra.props=/root/conf/jvm.properties \
    -cp '/root/resources:/root/classes:/root/libs/*' org.apache.james.MemoryJamesServerMain "$@"
