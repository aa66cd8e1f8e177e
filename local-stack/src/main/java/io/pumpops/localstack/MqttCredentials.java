package io.pumpops.localstack;

/** Username and password that MQTT clients present to the broker. */
public record MqttCredentials(String username, String password) {

  /** The development stack's credentials; printed by {@code pumpops stack}, never for production. */
  public static final MqttCredentials DEVELOPMENT = new MqttCredentials("pumpops", "pumpops-dev");
}
