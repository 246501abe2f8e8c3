using TorchSharp;
using System.Globalization;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// SGD with momentum and AdamW written over a model's named parameters, with the learning rate passed to every
/// step (so the schedule needs no mutable optimiser settings) and state that saves and loads exactly: momentum
/// buffers, Adam moments and the step count. The update rules are PyTorch's (<c>torch.optim.SGD</c> with dampening 0,
/// <c>torch.optim.AdamW</c> with betas (0.9, 0.999), eps 1e-8).
/// </summary>
public sealed class ParameterOptimizer : IDisposable
{
    private readonly (string Name, TorchSharp.Modules.Parameter Parameter)[] _parameters;
    private readonly Dictionary<string, Tensor> _state = new(StringComparer.Ordinal);
    private readonly TrainingOptions _options;

    /// <summary>Creates an optimiser over the model's trainable parameters.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Kind, momentum, Nesterov flag and weight decay.</param>
    public ParameterOptimizer(nn.Module model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _parameters = [.. model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter))];
        _options = options;
    }

    /// <summary>Beta 1 of AdamW.</summary>
    public const double Beta1 = 0.9;

    /// <summary>Beta 2 of AdamW.</summary>
    public const double Beta2 = 0.999;

    /// <summary>Epsilon of AdamW.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>Number of steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>Clears the parameters' gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    /// <param name="learningRate">The learning rate of this step.</param>
    public void Step(double learningRate)
    {
        Steps++;
        using var noGrad = no_grad();
        foreach (var (name, p) in _parameters)
        {
            using var scope = NewDisposeScope();
            var grad = p.grad;
            if (grad is null)
            {
                continue;
            }

            if (_options.Optimizer == OptimizerKind.Sgd)
            {
                var g = _options.WeightDecay > 0 ? grad.add(p, alpha: _options.WeightDecay) : grad;
                if (_options.Momentum > 0)
                {
                    string key = name + ".momentum_buffer";
                    if (_state.TryGetValue(key, out var buffer))
                    {
                        buffer.mul_(_options.Momentum).add_(g);
                    }
                    else
                    {
                        buffer = g.detach().clone().DetachFromDisposeScope();
                        _state[key] = buffer;
                    }

                    g = _options.Nesterov ? g.add(buffer, alpha: _options.Momentum) : buffer;
                }

                p.add_(g, alpha: -learningRate);
            }
            else
            {
                p.mul_(1 - (learningRate * _options.WeightDecay));
                var m = State(name + ".exp_avg", p);
                var v = State(name + ".exp_avg_sq", p);
                m.mul_(Beta1).add_(grad, alpha: 1 - Beta1);
                v.mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
                double correction1 = 1 - Math.Pow(Beta1, Steps);
                double correction2 = 1 - Math.Pow(Beta2, Steps);
                var denominator = (v / correction2).sqrt_().add_(Epsilon);
                p.addcdiv_(m, denominator, value: -learningRate / correction1);
            }
        }
    }

    /// <summary>Writes the state (step count and every buffer, float32) to a file.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("BioVisionOptimizer1");
        writer.Write(_options.Optimizer.ToString());
        writer.Write(Steps);
        writer.Write(_state.Count);
        foreach (var (key, tensor) in _state.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write((int)tensor.dim());
            foreach (long size in tensor.shape)
            {
                writer.Write(size);
            }

            using var cpu = tensor.to(CPU).contiguous();
            foreach (float value in cpu.data<float>())
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Reads state written by <see cref="Save"/> for the same model and optimiser kind.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="Data.DataFormatException">The file is not an optimiser state, is for another optimiser, or does not fit the model.</exception>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            if (reader.ReadString() != "BioVisionOptimizer1")
            {
                throw new Data.DataFormatException($"'{path}' is not a BioVision optimiser state.");
            }

            string kind = reader.ReadString();
            if (kind != _options.Optimizer.ToString())
            {
                throw new Data.DataFormatException($"'{path}' holds {kind} state but this run uses {_options.Optimizer}.");
            }

            var byName = _parameters.ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
            long steps = reader.ReadInt64();
            int count = reader.ReadInt32();
            var loaded = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                var shape = new long[reader.ReadInt32()];
                for (int d = 0; d < shape.Length; d++)
                {
                    shape[d] = reader.ReadInt64();
                }

                long size = shape.Aggregate(1L, (a, b) => a * b);
                var values = new float[size];
                for (long k = 0; k < size; k++)
                {
                    values[k] = reader.ReadSingle();
                }

                string parameter = key[..key.LastIndexOf('.')];
                if (!byName.TryGetValue(parameter, out var target) || !target.shape.SequenceEqual(shape))
                {
                    throw new Data.DataFormatException(string.Create(CultureInfo.InvariantCulture, $"'{path}': state '{key}' [{string.Join(", ", shape)}] does not match a parameter of the model."));
                }

                loaded[key] = torch.tensor(values, shape).to(target.device);
            }

            Clear();
            foreach (var (key, value) in loaded)
            {
                _state[key] = value;
            }

            Steps = steps;
        }
        catch (EndOfStreamException e)
        {
            throw new Data.DataFormatException($"Optimiser state '{path}' is truncated.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Clear();

    private Tensor State(string key, Tensor like)
    {
        if (!_state.TryGetValue(key, out var value))
        {
            value = zeros_like(like).DetachFromDisposeScope();
            _state[key] = value;
        }

        return value;
    }

    private void Clear()
    {
        foreach (var t in _state.Values)
        {
            t.Dispose();
        }

        _state.Clear();
    }
}
