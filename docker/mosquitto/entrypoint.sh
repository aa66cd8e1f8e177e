#!/bin/sh
# Writes the password file and the ACL from the environment (mosquitto stores only hashes), then
# runs the broker. MQTT_LOGINS holds "identity=password" pairs separated by spaces, for example
#   MQTT_LOGINS="sensor:site-a=... gateway:gw-1:site-a=... ingest-service=... deploy-service=..."
# and each identity gets the topics of its job only (make-acl.sh).
set -eu
: "${MQTT_LOGINS:?set MQTT_LOGINS (identity=password pairs) in .env}"
passwd=/mosquitto/config/passwd
acl=/mosquitto/config/acl
: > "$passwd"
identities=""
for pair in $MQTT_LOGINS; do
  mosquitto_passwd -b "$passwd" "${pair%%=*}" "${pair#*=}"
  identities="$identities ${pair%%=*}"
done
# shellcheck disable=SC2086
sh /docker/make-acl.sh $identities > "$acl"
chmod 0700 "$passwd" "$acl"
exec mosquitto -c /mosquitto/config/mosquitto.conf
