using System.Globalization;
using System.Reflection;
using Xunit.Sdk;

namespace BioVision.Tests.Stress;

/// <summary>
/// Theory data that repeats one row <see cref="Count"/> times, the repetition number (1-based) appended as the last
/// argument. <see cref="Count"/> comes from <c>BIOVISION_TEST_REPEAT</c> (default 1, so an ordinary test run runs
/// each test once); <c>tests/scripts/stress-training.sh</c> sets it to run the training and NaN regression tests many
/// times in one process with parallel test classes. Several attributes on one method give several rows, each repeated.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RepeatDataAttribute(params object[] data) : DataAttribute
{
    /// <summary>The environment variable that sets <see cref="Count"/>.</summary>
    public const string Variable = "BIOVISION_TEST_REPEAT";

    /// <summary>How many times each row runs: <c>BIOVISION_TEST_REPEAT</c>, default 1.</summary>
    /// <exception cref="InvalidOperationException">The variable is set but not a positive integer.</exception>
    public static int Count
    {
        get
        {
            string? value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return 1;
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1
                ? count
                : throw new InvalidOperationException($"{Variable} must be a positive integer, got '{value}'.");
        }
    }

    /// <inheritdoc />
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        Enumerable.Range(1, Count).Select(repeat => (object[])[.. data, repeat]);
}
