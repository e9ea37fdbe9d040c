// Starts Amazon DynamoDB Local listening on 127.0.0.1 only. Its own options have no bind address
// (its Jetty server listens on every interface), so this sets the host on Jetty's connector
// before starting it. Run in Java's source-file mode, so there is no build step:
//   java -cp DynamoDBLocal.jar DynamoDbLocalOnLoopback.java -port … -dbPath … (DynamoDB Local's options)
// Telemetry is never configured, so none is sent. Reflection keeps this free of compile-time
// dependencies; if a DynamoDB Local release renames what it reaches, it fails at start, loudly.
public class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    java.lang.reflect.Field serverField = proxy.getClass().getDeclaredField("server");
    serverField.setAccessible(true);
    Object server = serverField.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    }
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("DynamoDB Local listening on 127.0.0.1");
  }
}
