package com.ridecounts.it.harness;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * ACL bindings for one SASL user, from any host, to give to {@code EmbeddedKafkaBroker#createAcls} and {@code
 * #deleteAcls}: e.g. {@code KafkaAcls.of("job").allow(ResourceType.TOPIC, "rides", AclOperation.READ)}.
 */
public final class KafkaAcls {
  private static final String ANY_HOST = "*";

  private final String principal;

  private KafkaAcls(String principal) {
    this.principal = principal;
  }

  /** ACLs for the SASL login {@code user} ({@code User:<user>}). */
  public static KafkaAcls of(String user) {
    return new KafkaAcls("User:" + user);
  }

  /** Allows {@code operation} on the resource named exactly {@code name}. */
  public AclBinding allow(ResourceType type, String name, AclOperation operation) {
    return binding(type, name, PatternType.LITERAL, operation, AclPermissionType.ALLOW);
  }

  /** Allows {@code operation} on every resource whose name starts with {@code prefix}. */
  public AclBinding allowPrefixed(ResourceType type, String prefix, AclOperation operation) {
    return binding(type, prefix, PatternType.PREFIXED, operation, AclPermissionType.ALLOW);
  }

  /** Denies {@code operation} on the resource named exactly {@code name}; a DENY wins over any ALLOW. */
  public AclBinding deny(ResourceType type, String name, AclOperation operation) {
    return binding(type, name, PatternType.LITERAL, operation, AclPermissionType.DENY);
  }

  /** A filter matching exactly {@code binding}, to delete it. */
  public static AclBindingFilter exactly(AclBinding binding) {
    ResourcePattern pattern = binding.pattern();
    AccessControlEntry entry = binding.entry();
    return new AclBindingFilter(
        new ResourcePatternFilter(pattern.resourceType(), pattern.name(), pattern.patternType()),
        new AccessControlEntryFilter(entry.principal(), entry.host(), entry.operation(), entry.permissionType()));
  }

  private AclBinding binding(
      ResourceType type, String name, PatternType patternType, AclOperation operation, AclPermissionType permission) {
    return new AclBinding(
        new ResourcePattern(type, name, patternType),
        new AccessControlEntry(principal, ANY_HOST, operation, permission));
  }
}
