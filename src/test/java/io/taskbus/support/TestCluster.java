package io.taskbus.support;

import com.hazelcast.config.Config;
import io.taskbus.cluster.Cluster;
import io.vertx.core.Vertx;
import java.util.UUID;

/** Clustered Vert.x instances on loopback, in a cluster of their own. */
public final class TestCluster {
  private final String name = "taskbus-test-" + UUID.randomUUID();

  public Vertx join() {
    return Await.await(Cluster.join(config(), "127.0.0.1"));
  }

  public String name() {
    return name;
  }

  private Config config() {
    return Cluster.loopback(name, 5801);
  }

  /** The same settings as Hazelcast XML, for a node started as a separate process. */
  public String xml() {
    return """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <cluster-name>%s</cluster-name>
          <properties>
            <property name="hazelcast.logging.type">slf4j</property>
            <property name="hazelcast.phone.home.enabled">false</property>
            <property name="hazelcast.heartbeat.interval.seconds">1</property>
            <property name="hazelcast.max.no.heartbeat.seconds">6</property>
          </properties>
          <network>
            <port auto-increment="true" port-count="20">5801</port>
            <join>
              <multicast enabled="false"/>
              <tcp-ip enabled="true"><member>127.0.0.1</member></tcp-ip>
            </join>
            <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
          </network>
          <multimap name="__vertx.subs">
            <backup-count>1</backup-count>
            <value-collection-type>SET</value-collection-type>
          </multimap>
        </hazelcast>
        """
        .formatted(name);
  }
}
