using BioVision.Robustness;
using BioVision.Robustness.Attacks;
using BioVision.V1;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BioVision.Tests.V1;

public class InputCheckTests
{
    private static VOneBlock Block() => new(new VOneBlockOptions { SimpleChannels = 2, ComplexChannels = 2, NoiseMode = NoiseMode.None, KernelSize = 5, ImageSize = 16, VisualDegrees = 2 });

    [Fact]
    public void The_block_checks_its_input_except_inside_a_trusted_loop_on_the_same_thread()
    {
        using var scope = NewDisposeScope();
        using var block = Block();
        var nan = full(1, 3, 16, 16, float.NaN);
        Assert.Contains("VOneBlock input contains NaN", Assert.Throws<ArgumentException>(() => block.forward(nan)).Message, StringComparison.Ordinal);
        using (InputChecks.Trust())
        {
            using (InputChecks.Trust())
            {
                Assert.True(InputChecks.Trusted);
            }

            Assert.True(InputChecks.Trusted); // nested scopes
            Assert.True(block.forward(nan).isnan().all().item<bool>()); // no check, no pass over the input
            // Another thread is not trusted by this one's scope.
            Exception? other = null;
            var thread = new Thread(() => other = Record.Exception(() => block.forward(nan)));
            thread.Start();
            thread.Join();
            Assert.IsType<ArgumentException>(other);
        }

        Assert.False(InputChecks.Trusted);
        Assert.Throws<ArgumentException>(() => block.forward(nan));
    }

    [Fact]
    public void Attacks_check_their_clean_images_once_and_run_their_steps_trusted()
    {
        using var scope = NewDisposeScope();
        using var block = Block();
        var model = nn.Sequential(("v1", block), ("pool", nn.AdaptiveAvgPool2d(1)), ("flat", nn.Flatten()), ("fc", nn.Linear(4, 3)));
        model.eval();
        var images = rand(4, 3, 16, 16);
        var labels = tensor(new long[] { 0, 1, 2, 0 });
        var bad = images.clone();
        bad[1, 0, 3, 3] = float.NaN;
        foreach (IAttack attack in new IAttack[] { new Pgd { Epsilon = 0.03, Steps = 2 }, new Apgd { Epsilon = 0.03, Iterations = 2 }, new Square { Epsilon = 0.03, Queries = 2 }, new Fgsm { Epsilon = 0.03 } })
        {
            var error = Assert.Throws<ArgumentException>(() => attack.Perturb(new AttackModel(model), bad, labels));
            Assert.Contains("Attack images contains NaN", error.Message, StringComparison.Ordinal);
            var adversarial = attack.Perturb(new AttackModel(model), images, labels);
            Assert.True(adversarial.isfinite().all().item<bool>(), attack.Name);
            Assert.False(InputChecks.Trusted);
        }
    }
}
