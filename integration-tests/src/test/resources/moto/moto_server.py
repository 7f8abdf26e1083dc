"""moto's server (python3 -m moto.server), plus the one AWS rule the moto suite needs and moto 5.2.1 leaves out, and
one shortcut that changes nothing the suite can see.

1. The rule.

STS refuses AssumeRole of a role that does not exist: a cross-account AssumeRole needs the role's trust policy to
admit the caller (https://repost.aws/knowledge-center/iam-assume-role-error), and a role that does not exist admits
no one, so STS answers 403 AccessDenied, exactly as it does to a caller the trust policy does not admit (the error as
STS sends it: HTTP 403, <ErrorResponse><Error><Code>AccessDenied). moto 5.2.1's STSBackend.assume_role
admits any role ARN, existing or not ("Note that the role does not need to exist"), so without this an account with
no access role looks, from the function, like one whose role can be assumed and then is not there (NoSuchEntity):
neither ROLE_CREATED nor ROLE_MISSING could be judged on moto.

Trust policies stay unevaluated, as in moto: every outcome that hangs on a trust policy is judged on our emulator.
(moto's own AccessDeniedError is not used: its body nests <Error> in <Errors>, which STS never sends and the Java SDK
cannot read a code from.)

2. The shortcut. With MOTO_IAM_LOAD_MANAGED_POLICIES=true (AdministratorAccess must be attachable), moto loads all
1,485 AWS managed policies (0.1 s) into each account's IAM in each of its six partitions the first time it touches it,
and it touches every account in every partition the first time it meets an access key (iam.models.get_account_id_from
looks the key up everywhere): the first request of each new role session took 2 s, and each reset reloaded them all.
Here they are loaded in the aws partition only, the only one the suite uses.

Usage: python3 moto_server.py -H 127.0.0.1 -p <port>  (the arguments of moto.server)
"""
import re
import sys
import uuid
from xml.sax.saxutils import escape

from werkzeug.exceptions import HTTPException

from moto.iam.models import IAMBackend, iam_backends
from moto.server import main
from moto.sts.models import STSBackend
from moto.utilities.utils import get_partition

ROLE_ARN = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):role/")


class AccessDenied(HTTPException):
    """STS's AccessDenied, as STS sends it (query protocol error response)."""

    code = 403

    def __init__(self, message):
        super().__init__()
        self.description = (
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
            f"<Code>AccessDenied</Code><Message>{escape(message)}</Message></Error>"
            f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")

    def get_headers(self, *args, **kwargs):
        return [("Content-Type", "text/xml")]


_moto_assume_role = STSBackend.assume_role


def assume_role(self, region_name, role_session_name, role_arn, *args, **kwargs):
    match = ROLE_ARN.match(role_arn or "")
    if match:
        roles = iam_backends[match.group(1)][get_partition(region_name)].roles.values()
        if not any(role.arn == role_arn for role in roles):
            raise AccessDenied(f"User: arn:aws:iam::{self.account_id}:root is not authorized to perform: "
                               f"sts:AssumeRole on resource: {role_arn}")
    return _moto_assume_role(self, region_name, role_session_name, role_arn, *args, **kwargs)


STSBackend.assume_role = assume_role

_moto_init_aws_policies = IAMBackend._init_aws_policies


def init_aws_policies(self):
    # an IAM backend's region is its partition
    return _moto_init_aws_policies(self) if self.region_name == "aws" else []


IAMBackend._init_aws_policies = init_aws_policies

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
