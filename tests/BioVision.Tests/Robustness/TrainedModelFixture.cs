using BioVision.Data;
using BioVision.Models;
using BioVision.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.Robustness;

/// <summary>
/// A tiny SmallCnn (width 4) trained with the library's <see cref="Trainer"/> for a few seconds on the built-in
/// procedural dataset (16 px, 10 classes), and 48 held-out test images. One instance is shared by the robustness test
/// classes (a collection fixture), so the model is trained once and not concurrently.
/// </summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        var train = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 512, Size = 16, Seed = 3, NoiseStandardDeviation = 0.1 });
        var test = ProceduralDataset.Generate(new ProceduralDatasetOptions { Count = 48, Size = 16, Seed = 4, NoiseStandardDeviation = 0.1 });
        var options = new TrainingOptions
        {
            Epochs = 6, BatchSize = 64, LearningRate = 0.05, Schedule = ScheduleKind.Cosine, WeightDecay = 5e-4, Seed = 7,
            Device = new BioVision.Devices.DeviceRequest(BioVision.Devices.DeviceKind.Cpu),
        };
        var trainer = new Trainer(ModelFactory.For(new ModelSpec { ImageSize = 16, Width = 4 }), options, "SmallCnn");
        trainer.Fit(train, null);
        Model = trainer.Model ?? throw new InvalidOperationException("The trainer produced no model.");
        Model.eval();
        Images = torch.stack(Enumerable.Range(0, test.Count).Select(test.GetImage).ToArray());
        Labels = torch.tensor(Enumerable.Range(0, test.Count).Select(i => (long)test.GetLabel(i)).ToArray());
        using (torch.no_grad())
        {
            CleanAccuracy = Model.forward(Images).argmax(1).eq(Labels).to_type(ScalarType.Float32).mean().item<float>();
        }
    }

    public nn.Module<Tensor, Tensor> Model { get; }

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

/// <summary>The robustness tests that share one trained model.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained robustness model";
}
