package io.taskbus.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
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

  /**
   * A cluster of nodes on this host only (benchmarks, tests): TCP discovery on loopback from {@code
   * firstPort}, failed members noticed within seconds.
   */
  public static Config loopback(String name, int firstPort) {
    Config config = new Config();
    config.setClusterName(name);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
    config.getNetworkConfig().setPort(firstPort).setPortAutoIncrement(true).setPortCount(20);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    config.addMultiMapConfig(
        new MultiMapConfig("__vertx.subs")
            .setBackupCount(1)
            .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    return config;
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
