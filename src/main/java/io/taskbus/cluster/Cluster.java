package io.taskbus.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts a clustered Vert.x: Hazelcast keeps the membership and the event bus subscriptions, so a
 * subscriber on one node receives what is published on any other.
 */
public final class Cluster {
  private Cluster() {}

  /**
   * @param hazelcastXml Hazelcast settings ({@code conf/cluster.xml}); Vert.x's defaults if absent
   * @param host the address this node's event bus listens on and announces to the others
   */
  public static Future<Vertx> join(Path hazelcastXml, String host) {
    Config config;
    try {
      config =
          hazelcastXml != null && Files.isRegularFile(hazelcastXml)
              ? new FileSystemXmlConfig(hazelcastXml.toFile())
              : ConfigUtil.loadConfig();
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException(e);
    }
    return join(config, host);
  }

  public static Future<Vertx> join(Config hazelcast, String host) {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(host).setClusterPublicHost(host);
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }
}
