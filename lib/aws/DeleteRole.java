package aws;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Deletes an IAM role a run left outside its stack: its inline and attached policies first, as IAM requires. */
final class DeleteRole {
    private DeleteRole() {}

    /** @return false if the role did not exist */
    static boolean run(IamClient iam, String roleName) {
        try {
            for (String policy : iam.listRolePolicies(r -> r.roleName(roleName)).policyNames()) {
                iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(policy));
            }
            for (var attached : iam.listAttachedRolePolicies(r -> r.roleName(roleName)).attachedPolicies()) {
                iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(attached.policyArn()));
            }
            iam.deleteRole(r -> r.roleName(roleName));
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        }
    }
}
