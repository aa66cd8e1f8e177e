#!/bin/sh
# Writes the password file from the environment (mosquitto stores only hashes), then runs the broker.
set -eu
passwd=/mosquitto/config/passwd
: > "$passwd"
for pair in "sensor:$MQTT_SENSOR_PASSWORD" "gateway:$MQTT_GATEWAY_PASSWORD" \
            "ingest-service:$MQTT_INGEST_PASSWORD" "deploy-service:$MQTT_DEPLOY_PASSWORD"; do
  mosquitto_passwd -b "$passwd" "${pair%%:*}" "${pair#*:}"
done
chmod 0700 "$passwd"
exec mosquitto -c /mosquitto/config/mosquitto.conf
