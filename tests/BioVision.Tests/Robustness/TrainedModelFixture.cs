using BioVision.Data;
using BioVision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BioVision.Tests.Robustness;

/// <summary>
/// A tiny SmallCnn (width 4) trained for a few seconds on the built-in procedural dataset (16 px, 10 classes), and
/// 48 held-out test images. Shared by the robustness tests so the model is trained once.
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        torch.random.manual_seed(7);
        var data = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 560, Size = 16, Seed = 3, NoiseStandardDeviation = 0.1 });
        var all = torch.stack(Enumerable.Range(0, data.Count).Select(data.GetImage).ToArray());
        var labels = torch.tensor(Enumerable.Range(0, data.Count).Select(i => (long)data.GetLabel(i)).ToArray());
        Model = new SmallCnn(1, 10, 4);
        var optimizer = torch.optim.Adam(Model.parameters(), 0.005);
        Model.train();
        // One intra-op thread while training, as `biovision train` does: this libtorch build gave intermittent NaN
        // gradients with more threads (see TrainingOptions.CpuThreads); restored afterwards.
        int threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
        for (int epoch = 0; epoch < 6; epoch++)
        {
            for (int start = 0; start < 512; start += 64)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(Model.forward(all.narrow(0, start, 64)), labels.narrow(0, start, 64));
                loss.backward();
                optimizer.step();
            }
        }
        }
        finally
        {
            torch.set_num_threads(threads);
        }

        Model.eval();
        Images = all.narrow(0, 512, 48).clone();
        Labels = labels.narrow(0, 512, 48).clone();
        using (torch.no_grad())
        {
            CleanAccuracy = Model.forward(Images).argmax(1).eq(Labels).to_type(ScalarType.Float32).mean().item<float>();
        }

        all.Dispose();
        labels.Dispose();
    }

    public SmallCnn Model { get; }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public double CleanAccuracy { get; }

    public void Dispose()
    {
        Model.Dispose();
        Images.Dispose();
        Labels.Dispose();
    }
}
