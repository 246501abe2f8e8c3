#!/usr/bin/env bash
# Runs the training and NaN regression tests many times in ONE `dotnet test` process with parallel test classes
# (issue 9: "pass 20 times in a row in one dotnet test process with parallel test classes").
#   tests/scripts/stress-training.sh            # 20 repeats
#   BIOVISION_TEST_REPEAT=5 tests/scripts/stress-training.sh
# The repeat count reaches the tests through BIOVISION_TEST_REPEAT ([RepeatData] in tests/BioVision.Tests/Stress).
# xunit.runner.json keeps parallel collections off for ordinary runs; the run settings below turn them on for this
# run only, and diagnostic messages make xUnit print the setting it used ("parallel test collections = on").
# Do not build this checkout while it runs: build outputs are hard links (CreateHardLinksForCopyLocalIfPossible), so
# obj/, bin/ and the test's bin/ share one BioVision.dll inode, and a rebuild with changed sources rewrites the
# assembly the test host has mapped (the one crashed run seen so far coincided with such a build).
set -euo pipefail
cd "$(dirname "$0")/../.."
export BIOVISION_TEST_REPEAT="${BIOVISION_TEST_REPEAT:-20}"
filter="FullyQualifiedName~BioVision.Tests.Training.|FullyQualifiedName~BioVision.Tests.Native.OneDnnPaddingTests"
dotnet build tests/BioVision.Tests -v quiet -nologo
start=$(date +%s)
dotnet test tests/BioVision.Tests --no-build --filter "$filter" --logger "console;verbosity=normal" -- \
  xUnit.ParallelizeTestCollections=true xUnit.MaxParallelThreads=-1 xUnit.DiagnosticMessages=true
echo "stress-training: $BIOVISION_TEST_REPEAT repeats in $(( $(date +%s) - start )) s"
