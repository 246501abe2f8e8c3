using BioVision.Runs;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Runs;

public class RunStoreTests
{
    private static Fingerprint Inputs(string value) => new FingerprintBuilder().AddText("input", value).Build();

    [Fact]
    public void Typed_entries_round_trip_and_need_a_binding()
    {
        string folder = Path.Combine(Path.GetTempPath(), "biovision-runstore-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = RunStore.Open(folder);
            Assert.Throws<InvalidOperationException>(() => store.WriteTensor("t", zeros(2)));
            store.Bind("test", Inputs("a"));

            using var weights = nn.Linear(3, 2);
            store.WriteModule("weights", weights);
            using var other = nn.Linear(3, 2);
            Assert.True(store.TryLoadModule("weights", other));
            Assert.True(other.weight!.eq(weights.weight!).all().item<bool>());
            Assert.False(store.TryLoadModule("missing", other));

            using var t = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
            store.WriteTensor("t", t);
            using var back = store.TryReadTensor("t")!;
            Assert.True(back.eq(t).all().item<bool>());
            Assert.Null(store.TryReadTensor("none"));

            // Another process (a rerun) with the same inputs sees the entries; other inputs are refused, naming the input.
            var again = RunStore.Open(folder).Bind("test", Inputs("a"));
            Assert.NotNull(again.TryReadTensor("t"));
            var e = Assert.Throws<RunMismatchException>(() => RunStore.Open(folder).Bind("test", Inputs("b")));
            Assert.Equal("input: stored a, now b", e.Difference);
            Assert.Throws<RunMismatchException>(() => RunStore.Open(folder).Bind("other stage", Inputs("a")));
            Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_store_of_the_earlier_PascalCase_naming_is_refused_with_a_message_saying_why()
    {
        var now = new FingerprintField("options", "new-digest", "{\"seed\":3,\"attacks\":[{\"eps\":0.1}]}");
        var casedOnly = new Fingerprint([new FingerprintField("options", "old-digest", "{\"Seed\":3,\"Attacks\":[{\"Eps\":0.1}]}")]);
        string message = new Fingerprint([now]).FirstDifference(casedOnly)!;
        Assert.Contains("earlier BioVision under other JSON property names", message, StringComparison.Ordinal);

        // A real difference is still named by its path, whatever the case of the stored names.
        var changed = new Fingerprint([new FingerprintField("options", "old-digest", "{\"Seed\":3,\"Attacks\":[{\"Eps\":0.2}]}")]);
        Assert.Equal("options.attacks[0].eps: stored 0.2, now 0.1", new Fingerprint([now]).FirstDifference(changed));
    }
}
