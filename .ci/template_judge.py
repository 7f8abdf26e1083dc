#!/usr/bin/env python3
"""Judges template.yaml the way AWS deploys it: AWS's own SAM translator (samtranslator, which ships with cfn-lint)
turns it into the CloudFormation template CloudFormation would receive, once per parameter set, and the results are
checked for two kinds of mistake our own template reader cannot see:

1. A parameter change that never reaches what runs. CloudFormation replaces an AWS::Lambda::Version only when its
   logical ID or properties change, and a version keeps the configuration the function had when it was published
   (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html: "a function version includes ... the
   function settings, including the environment variables"; the version is immutable). SAM names the version after a
   hash of the function's properties *as written*, with every !Ref unresolved
   (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-autopublishalias),
   so a rule that invokes an alias or a version can keep running the old configuration after
   `sam deploy --parameter-overrides ...`. For every parameter set the judge simulates "deploy with the defaults,
   then update to this set" and compares the configuration each rule and schedule target would run with the one the
   parameters ask for. It also checks that the Lambda permission and the asynchronous-invocation config (retries,
   on-failure destination) are on exactly what the rule invokes: on another qualifier they do not apply.
2. A parameter value the template admits that the function cannot work with: every integer the function reads must
   lie in the range the function accepts, and a function that waits ROLE_PROPAGATION_WAIT_SECONDS for a created role
   must have the time to start an account at all (its Timeout must exceed the wait plus the per-account and wrap-up
   reserves of the function's Deadline, plus the time a run needs before it starts its first account).
   The function's accepted ranges and reserves are read from its source, so the two cannot drift apart.

Usage: python3 .ci/template_judge.py [template.yaml] [--print-translations]
Exit status: 0 when every check passes, 1 when a check fails, 2 when the judge cannot run.
"""

import copy
import json
import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"  # the template's Rules admit us-east-1 (and the GovCloud / China equivalents)
PSEUDO = {
    "AWS::Region": REGION,
    "AWS::AccountId": "111122223333",
    "AWS::Partition": "aws",
    "AWS::StackName": "org-access-guard",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::NoValue": None,
}
# Values to try for parameters that name neither AllowedValues nor MinValue/MaxValue. A parameter the template gains
# without a value here stops the judge: every parameter must be changed at least once.
SAMPLE_VALUES = {
    "AccessRoleName": ["GuardAccessRole"],
    "BootstrapRoleNames": ["BootstrapRole", "BootstrapRole,StackSetExecution"],
    "AccessPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    "TrustedPrincipalArns": ["arn:aws:iam::111122223333:role/Admin"],
    "NotificationEmail": ["ops@example.com"],
    "ReconcileSchedule": ["cron(0 6 * * ? *)", "off"],
    "OrganizationId": ["o-a1b2c3d4e5f6g7h8"],
    "ProfileNameTemplate": ["{ou_leaf}.{name}", "aws-{id}"],
    "ProfileRegion": ["eu-west-1"],
}
# Values for parameters that have no Default: a deployment must give them, so the baseline ("defaults") does too.
REQUIRED_VALUES = {
    "OrganizationId": "o-exampleorgid",
}
# The variable a function reads to know how long it may wait for a created role, and the time a run may spend before
# it starts its first account (reading the event, DescribeAccount / ListAccounts calls, a cold start's SDK set-up).
PROPAGATION_WAIT_VARIABLE = "ROLE_PROPAGATION_WAIT_SECONDS"
RUN_START_ALLOWANCE_SECONDS = 15
LAMBDA_DEFAULT_TIMEOUT = 3  # https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html


class JudgeError(Exception):
    """The judge cannot run (not a finding about the template)."""


# ---------------------------------------------------------------------------------------------------------------
# The function's own contract, read from its source
# ---------------------------------------------------------------------------------------------------------------

def read_function_contract():
    """Integer ranges the function accepts (GuardConfig's reader.integer(NAME, default, min, max) calls) and the time
    its Deadline reserves per account (ACCOUNT_CALLS) and for the wrap-up (WRAP_UP)."""
    sources = sorted((ROOT / "functions").glob("*/src/main/java/**/*.java"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    ranges = {name: (int(lo), int(hi)) for name, _, lo, hi in re.findall(
        r"\.integer\(\s*([A-Z_]+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*\)", text)}
    reserves = {}
    for constant in ("ACCOUNT_CALLS", "WRAP_UP"):
        match = re.search(constant + r"\s*=\s*Duration\.ofSeconds\(\s*(\d+)\s*\)", text)
        if not match:
            raise JudgeError(f"cannot find '{constant} = Duration.ofSeconds(N)' in functions/*/src/main/java: the"
                             " function's time reserves moved; teach read_function_contract() where they are")
        reserves[constant] = int(match.group(1))
    if PROPAGATION_WAIT_VARIABLE not in ranges:
        raise JudgeError(f"cannot find the accepted range of {PROPAGATION_WAIT_VARIABLE} (a call"
                         " 'integer(NAME, default, min, max)') in functions/*/src/main/java; teach"
                         " read_function_contract() where it is")
    return ranges, reserves["ACCOUNT_CALLS"] + reserves["WRAP_UP"]


# ---------------------------------------------------------------------------------------------------------------
# Translation
# ---------------------------------------------------------------------------------------------------------------

def load_sam(path):
    from samtranslator.yaml_helper import yaml_parse
    return yaml_parse(path.read_text(encoding="utf-8"))


def parameter_sets(sam):
    """(label, overrides): the defaults, then every parameter changed to each value worth trying."""
    required = {name: REQUIRED_VALUES.get(name) for name, spec in sam.get("Parameters", {}).items()
                if "Default" not in spec}
    missing = sorted(name for name, value in required.items() if value is None)
    if missing:
        raise JudgeError(f"parameters {missing} have no Default: add the value a deployment gives to REQUIRED_VALUES"
                         " in .ci/template_judge.py")
    for name, value in required.items():
        pattern = sam["Parameters"][name].get("AllowedPattern")
        if pattern and not re.fullmatch(pattern, value):
            raise JudgeError(f"REQUIRED_VALUES {name}={value!r} does not match its AllowedPattern {pattern}")
    sets = [("defaults", dict(required))]
    for name, spec in sam.get("Parameters", {}).items():
        default = str(spec.get("Default", required.get(name, "")))
        values = [str(v) for v in spec.get("AllowedValues", [])]
        values += [str(spec[b]) for b in ("MinValue", "MaxValue") if b in spec]
        values += SAMPLE_VALUES.get(name, [])
        values = [v for v in dict.fromkeys(values) if v != default]
        if not values:
            raise JudgeError(f"parameter {name} has no AllowedValues, MinValue/MaxValue or SAMPLE_VALUES entry: add"
                             " values to try to SAMPLE_VALUES in .ci/template_judge.py")
        for value in values:
            pattern = spec.get("AllowedPattern")
            if pattern and not re.fullmatch(pattern, value):
                raise JudgeError(f"SAMPLE_VALUES {name}={value!r} does not match its AllowedPattern {pattern}")
            sets.append((f"{name}={value}", {**required, name: value}))
    return sets


def translate(sam, overrides):
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    sam = copy.deepcopy(sam)
    # The translator wants S3 locations for code; a local CodeUri is what `sam package` would upload.
    for holder in [sam.get("Globals", {}).get("Function", {})] + [
            r.get("Properties", {}) for r in sam["Resources"].values() if r.get("Type") == "AWS::Serverless::Function"]:
        if isinstance(holder.get("CodeUri"), str) and not holder["CodeUri"].startswith("s3://"):
            holder["CodeUri"] = "s3://org-access-guard-artifacts/access-guard.zip"
    parameters = {k: v for k, v in PSEUDO.items() if v is not None}
    parameters.update(overrides)
    translator = Translator(managed_policy_map={}, sam_parser=Parser(),
                            boto_session=boto3.session.Session(region_name=REGION))
    cfn = translator.translate(sam_template=sam, parameter_values=parameters)
    return Deployed(cfn, sam.get("Parameters", {}), overrides)


class Deployed:
    """A translated template with its parameter values: resolves intrinsics the way CloudFormation would, leaving a
    resource's Ref / GetAtt as a token (its physical value is the same across parameter sets)."""

    def __init__(self, cfn, declared, overrides):
        self.cfn = cfn
        self.values = dict(PSEUDO)
        for name, spec in declared.items():
            raw = str(overrides.get(name, spec.get("Default", "")))
            self.values[name] = ([] if raw == "" else raw.split(",")) \
                if spec.get("Type") == "CommaDelimitedList" else raw
        self._conditions = {}

    @property
    def resources(self):
        return {k: v for k, v in self.cfn["Resources"].items()
                if "Condition" not in v or self.condition(v["Condition"])}

    def typed(self, cfn_type):
        return {k: v for k, v in self.resources.items() if v["Type"] == cfn_type}

    def condition(self, name):
        if name not in self._conditions:
            self._conditions[name] = bool(self.resolve(self.cfn["Conditions"][name]))
        return self._conditions[name]

    def resolve(self, node):
        if isinstance(node, list):
            return [v for v in (self.resolve(x) for x in node) if v is not _NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            if key == "Ref":
                if arg == "AWS::NoValue":
                    return _NO_VALUE
                return self.values[arg] if arg in self.values else "${" + arg + "}"
            if key == "Fn::GetAtt":
                target = arg if isinstance(arg, list) else arg.split(".", 1)
                return "${" + ".".join(target) + "}"
            if key == "Fn::If":
                name, yes, no = arg
                return self.resolve(yes if self.condition(name) else no)
            if key == "Condition":
                return self.condition(arg)
            if key == "Fn::Equals":
                a, b = (self.resolve(x) for x in arg)
                return str(a) == str(b)
            if key == "Fn::Not":
                return not self.resolve(arg[0])
            if key == "Fn::And":
                return all(self.resolve(x) for x in arg)
            if key == "Fn::Or":
                return any(self.resolve(x) for x in arg)
            if key == "Fn::Join":
                sep, items = arg
                return sep.join(str(x) for x in self.resolve(items))
            if key == "Fn::Split":
                sep, text = arg
                return str(self.resolve(text)).split(sep)
            if key == "Fn::Select":
                index, items = arg
                return self.resolve(items)[int(self.resolve(index))]
            if key == "Fn::Contains":
                items, value = arg
                return self.resolve(value) in self.resolve(items)
            if key == "Fn::Sub":
                text, local = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))

                def substitute(match):
                    name = match.group(1)
                    if name in local:
                        return str(local[name])
                    if name in self.values:
                        value = self.values[name]
                        return ",".join(value) if isinstance(value, list) else str(value)
                    return "${" + name + "}"
                return re.sub(r"\$\{([^!}][^}]*)}", substitute, text)
        out = {}
        for key, value in node.items():
            resolved = self.resolve(value)
            if resolved is not _NO_VALUE:
                out[key] = resolved
        return out

    # -- what runs ---------------------------------------------------------------------------------------------

    def function_configuration(self, function_id):
        """Everything Lambda runs a function with, except the code (the same zip in every parameter set)."""
        properties = self.resolve(self.resources[function_id]["Properties"])
        properties.pop("Code", None)
        return properties

    def invoked_targets(self):
        """(source, target logical ID) for every rule and schedule target that is a Lambda function, alias or
        version of this template."""
        out = []
        for rule_id, rule in self.typed("AWS::Events::Rule").items():
            for target in rule["Properties"].get("Targets", []):
                out.append((f"rule {rule_id}", referenced_resource(target.get("Arn"))))
        for schedule_id, schedule in self.typed("AWS::Scheduler::Schedule").items():
            out.append((f"schedule {schedule_id}", referenced_resource(schedule["Properties"]["Target"].get("Arn"))))
        return [(s, t) for s, t in out if t in self.resources and self.resources[t]["Type"] in INVOCABLE]

    def unqualified(self, target_id):
        """(function logical ID, qualifier, version logical ID or None) of what a target invokes."""
        resource = self.resources[target_id]
        if resource["Type"] == "AWS::Lambda::Function":
            return target_id, "$LATEST", None
        if resource["Type"] == "AWS::Lambda::Version":
            return referenced_resource(resource["Properties"]["FunctionName"]), "version", target_id
        function_id = referenced_resource(resource["Properties"]["FunctionName"])
        version = resource["Properties"]["FunctionVersion"]
        name = self.resolve(resource["Properties"]["Name"])
        if version == "$LATEST":
            return function_id, name, None
        return function_id, name, referenced_resource(version)


_NO_VALUE = object()
INVOCABLE = ("AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::Lambda::Version")


def referenced_resource(node):
    """The logical ID a Ref / GetAtt points at, or None."""
    if isinstance(node, dict) and len(node) == 1:
        (key, arg), = node.items()
        if key == "Ref":
            return arg
        if key == "Fn::GetAtt":
            return (arg if isinstance(arg, list) else arg.split(".", 1))[0]
    return None


# ---------------------------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------------------------

def running_configuration(before, after, target_id):
    """The configuration a target runs with after the stack, deployed as `before`, is updated to `after`."""
    function_id, _, version_id = after.unqualified(target_id)
    if version_id is None:
        return after.function_configuration(function_id)  # $LATEST carries the current configuration
    kept = version_id in before.resources and \
        before.resolve(before.resources[version_id].get("Properties", {})) == \
        after.resolve(after.resources[version_id].get("Properties", {}))
    # A version CloudFormation keeps is the one published with the configuration of `before`.
    return (before if kept else after).function_configuration(function_id)


def differences(expected, actual, path=""):
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in sorted(set(expected) | set(actual)):
            out += differences(expected.get(key), actual.get(key), f"{path}.{key}" if path else key)
        return out
    return [] if expected == actual else [f"{path}: runs {json.dumps(actual)}, parameters say {json.dumps(expected)}"]


def check_changes_reach_targets(label, before, after):
    findings = []
    for source, target_id in after.invoked_targets():
        function_id, qualifier, version_id = after.unqualified(target_id)
        expected = after.function_configuration(function_id)
        running = running_configuration(before, after, target_id)
        diff = differences(expected, running)
        if diff:
            findings.append(
                f"[{label}] {source} invokes {function_id}:{qualifier} (version {version_id}, whose logical ID and"
                f" properties do not change, so CloudFormation keeps the version published with the old"
                f" configuration): " + "; ".join(diff))
    return findings


def check_invocation_settings_apply(label, deployed):
    """The rule's permission and the function's async config must be on the qualifier the rule invokes."""
    findings = []
    for source, target_id in deployed.invoked_targets():
        function_id, qualifier, _ = deployed.unqualified(target_id)
        rule_id = source.split(" ", 1)[1]
        permitted = [p for p in deployed.typed("AWS::Lambda::Permission").values()
                     if referenced_resource(p["Properties"].get("SourceArn")) == rule_id]
        if not any(referenced_resource(p["Properties"]["FunctionName"]) == target_id for p in permitted):
            findings.append(f"[{label}] {source} invokes {target_id}, but no AWS::Lambda::Permission for the rule is"
                            f" on {target_id}: EventBridge cannot invoke it")
        for config_id, config in deployed.typed("AWS::Lambda::EventInvokeConfig").items():
            if referenced_resource(config["Properties"]["FunctionName"]) != function_id:
                continue
            configured = deployed.resolve(config["Properties"]["Qualifier"])
            if configured != qualifier:
                findings.append(f"[{label}] {config_id} configures {function_id}:{configured}, but {source} invokes"
                                f" {function_id}:{qualifier}: its retries and on-failure destination never apply")
    return findings


def check_admitted_values_work(label, deployed, ranges, reserve):
    findings = []
    for function_id in deployed.typed("AWS::Lambda::Function"):
        configuration = deployed.function_configuration(function_id)
        env = configuration.get("Environment", {}).get("Variables", {})
        for variable, (low, high) in sorted(ranges.items()):
            if variable not in env:
                continue
            value = str(env[variable]).strip()
            if not re.fullmatch(r"-?\d+", value) or not low <= int(value) <= high:
                findings.append(f"[{label}] {function_id} gets {variable}={value!r}; the function accepts whole"
                                f" numbers {low}..{high} only and will not start")
        if PROPAGATION_WAIT_VARIABLE in env and re.fullmatch(r"\d+", str(env[PROPAGATION_WAIT_VARIABLE])):
            wait = int(env[PROPAGATION_WAIT_VARIABLE])
            timeout = int(configuration.get("Timeout", LAMBDA_DEFAULT_TIMEOUT))
            needed = wait + reserve + RUN_START_ALLOWANCE_SECONDS
            if timeout <= needed:
                findings.append(
                    f"[{label}] {function_id} has Timeout {timeout} s but {PROPAGATION_WAIT_VARIABLE}={wait}: it starts"
                    f" an account only while more than {wait} + {reserve} s (the Deadline's per-account and wrap-up"
                    f" reserves) remain, and a run needs ~{RUN_START_ALLOWANCE_SECONDS} s before its first account,"
                    f" so the Timeout must exceed {needed} s; as it is, no account is ever started")
    return findings


def main(argv):
    logging.getLogger("samtranslator").setLevel(logging.CRITICAL)
    template = Path(next((a for a in argv if not a.startswith("--")), ROOT / "template.yaml"))
    try:
        ranges, reserve = read_function_contract()
        sam = load_sam(template)
        sets = parameter_sets(sam)
        translated = [(label, translate(sam, overrides)) for label, overrides in sets]
    except JudgeError as e:
        print(f"template judge: cannot judge {template}: {e}", file=sys.stderr)
        return 2
    if "--print-translations" in argv:
        print(json.dumps({label: d.cfn for label, d in translated}, indent=1, default=str))

    defaults = translated[0][1]
    findings = []
    for label, deployed in translated:
        if deployed is not defaults:
            findings += check_changes_reach_targets(label, defaults, deployed)
        findings += check_invocation_settings_apply(label, deployed)
        findings += check_admitted_values_work(label, deployed, ranges, reserve)

    targets = sorted({f"{s} -> {t}" for s, t in defaults.invoked_targets()})
    print(f"template judge: {template.name} translated by AWS's SAM translator under {len(translated)} parameter sets;"
          f" invoked: {', '.join(targets)}")
    if findings:
        for finding in findings:
            print("FAIL " + finding)
        print(f"template judge: {len(findings)} problem(s)")
        return 1
    print("template judge: every parameter change reaches what the rule and the schedule invoke, and every value the"
          " template admits is one the functions can work with")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
