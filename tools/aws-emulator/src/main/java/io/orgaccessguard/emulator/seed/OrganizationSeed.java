package io.orgaccessguard.emulator.seed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the emulator holds at start: the organization (roots, OUs, accounts, handshakes) and, per account, IAM
 * roles, customer managed policies and SNS topics. Build one in code with {@link #builder()} or read the JSON format
 * described in the module README with {@link #fromJson(String)}.
 *
 * @param externalAccounts accounts that exist (callable, with roles) but are not members of the organization
 * @param serviceControlPolicies SCPs besides the FullAWSAccess AWS attaches everywhere
 */
public record OrganizationSeed(String partition, String region, String organizationId, String managementAccountId,
                               String featureSet, List<RootSeed> roots, List<OrgUnitSeed> organizationalUnits,
                               List<AccountSeed> accounts, List<AccountSeed> externalAccounts,
                               List<HandshakeSeed> handshakes,
                               List<ServiceControlPolicySeed> serviceControlPolicies) {

    public OrganizationSeed {
        roots = List.copyOf(roots);
        organizationalUnits = List.copyOf(organizationalUnits);
        accounts = List.copyOf(accounts);
        externalAccounts = List.copyOf(externalAccounts);
        handshakes = List.copyOf(handshakes);
        serviceControlPolicies = List.copyOf(serviceControlPolicies);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static OrganizationSeed fromJson(String json) {
        return SeedJson.parse(json);
    }

    public static OrganizationSeed fromFile(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The demo organization shipped in the jar ({@code demo-organization.json}). */
    public static OrganizationSeed demo() {
        try (InputStream in = OrganizationSeed.class.getResourceAsStream("/demo-organization.json")) {
            if (in == null) {
                throw new IllegalStateException("demo-organization.json is missing from the classpath");
            }
            return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private String partition = "aws";
        private String region = "us-east-1";
        private String organizationId = "o-exampleorg1";
        private String featureSet = "ALL";
        private AccountSeed management;
        private final List<RootSeed> roots = new ArrayList<>();
        private final List<OrgUnitSeed> units = new ArrayList<>();
        private final List<AccountSeed> accounts = new ArrayList<>();
        private final List<AccountSeed> external = new ArrayList<>();
        private final List<HandshakeSeed> handshakes = new ArrayList<>();
        private final List<ServiceControlPolicySeed> scps = new ArrayList<>();

        public Builder partition(String partition) {
            this.partition = partition;
            return this;
        }

        /** The default region (SNS topics without their own). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder organizationId(String organizationId) {
            this.organizationId = organizationId;
            return this;
        }

        public Builder featureSet(String featureSet) {
            this.featureSet = featureSet;
            return this;
        }

        /** The management account; it is also listed among the organization's accounts. */
        public Builder managementAccount(AccountSeed account) {
            this.management = account;
            return this;
        }

        public Builder managementAccount(String id) {
            return managementAccount(AccountSeed.builder(id).name("Management").joinedMethod("CREATED").build());
        }

        public Builder root(String id) {
            roots.add(RootSeed.of(id));
            return this;
        }

        public Builder organizationalUnit(String id, String name, String parentId) {
            units.add(new OrgUnitSeed(id, name, parentId, Map.of()));
            return this;
        }

        public Builder organizationalUnit(OrgUnitSeed unit) {
            units.add(unit);
            return this;
        }

        public Builder account(AccountSeed account) {
            accounts.add(account);
            return this;
        }

        public Builder externalAccount(AccountSeed account) {
            external.add(account);
            return this;
        }

        public Builder handshake(HandshakeSeed handshake) {
            handshakes.add(handshake);
            return this;
        }

        /** A service control policy attached to roots, OUs or accounts, next to FullAWSAccess. */
        public Builder serviceControlPolicy(ServiceControlPolicySeed policy) {
            scps.add(policy);
            return this;
        }

        public OrganizationSeed build() {
            if (management == null) {
                throw new IllegalStateException("An organization needs a management account");
            }
            List<RootSeed> rootList = roots.isEmpty() ? List.of(RootSeed.DEFAULT) : roots;
            var all = new ArrayList<AccountSeed>();
            all.add(management);
            all.addAll(accounts);
            return new OrganizationSeed(partition, region, organizationId, management.id(), featureSet, rootList,
                    units, all, external, handshakes, scps);
        }
    }
}
