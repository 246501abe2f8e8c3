using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BioVision.Training;

/// <summary>
/// The optimiser a recipe names, as TorchSharp's own <c>torch.optim.SGD</c> (dampening 0, L2 weight decay, optional
/// Nesterov momentum) or <c>torch.optim.AdamW</c> (betas 0.9/0.999, eps 1e-8), with the few things a trainer adds:
/// the learning rate set per epoch, and state (momentum buffers, Adam moments and step counts) saved and loaded with
/// TorchSharp's <c>save_state_dict</c>/<c>load_state_dict</c>, which write the tensors' bytes, so a resumed run continues
/// exactly.
/// </summary>
/// <remarks>
/// Two gaps of TorchSharp 0.107's loader are closed in <see cref="Load"/>: it re-creates SGD momentum buffers on the CPU
/// whatever the parameters' device (and its <c>to(device)</c> discards the moved tensor), and it restores the saved
/// hyper-parameters (momentum, weight decay) over the ones of the run that loads, which matters when a recipe change
/// is allowed on resume.
/// </remarks>
public static class TrainingOptimizer
{
    /// <summary>Creates the optimiser of a recipe over a model's trainable parameters.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Kind, learning rate, momentum, Nesterov flag and weight decay.</param>
    public static OptimizerHelper Create(nn.Module model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();
        return options.Optimizer == OptimizerKind.Sgd
            ? optim.SGD(parameters, options.LearningRate, options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Nesterov)
            : optim.AdamW(parameters, options.LearningRate, weight_decay: options.WeightDecay);
    }

    /// <summary>Sets the learning rate of every parameter group (the schedule's value for the coming steps).</summary>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="learningRate">The learning rate.</param>
    public static void SetLearningRate(optim.Optimizer optimizer, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }

    /// <summary>Writes the optimiser's state to a file (TorchSharp's format).</summary>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="path">The file.</param>
    public static void Save(OptimizerHelper optimizer, string path)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.save_state_dict(path);
    }

    /// <summary>
    /// Reads state written by <see cref="Save"/> for the same kind of optimiser over the same parameters, keeps the
    /// hyper-parameters of <paramref name="options"/>, and puts every state tensor on <paramref name="device"/>.
    /// </summary>
    /// <param name="optimizer">The optimiser to load into.</param>
    /// <param name="path">The file.</param>
    /// <param name="options">The recipe of the run that loads.</param>
    /// <param name="device">The parameters' device.</param>
    /// <exception cref="DataFormatException">The file holds another optimiser's state or does not fit the parameters.</exception>
    public static void Load(OptimizerHelper optimizer, string path, TrainingOptions options, Device device)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        try
        {
            optimizer.load_state_dict(path);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or EndOfStreamException)
        {
            throw new DataFormatException($"Optimiser state '{path}' does not fit this run's {options.Optimizer} optimiser: {e.Message}", e);
        }

        var state = optimizer.state_dict();
        foreach (var group in state.Options)
        {
            switch (group)
            {
                case SGD.Options sgd:
                    sgd.momentum = options.Momentum;
                    sgd.nesterov = options.Nesterov;
                    sgd.weight_decay = options.WeightDecay;
                    break;
                case AdamW.Options adamW:
                    adamW.weight_decay = options.WeightDecay;
                    break;
            }
        }

        foreach (var entry in state.State)
        {
            if (entry is SGD.State { momentum_buffer: { } buffer } sgd)
            {
                buffer.DetachFromDisposeScope();
                if (buffer.device.type != device.type || buffer.device.index != device.index)
                {
                    sgd.momentum_buffer = buffer.to(device).DetachFromDisposeScope();
                    buffer.Dispose();
                }
            }
        }
    }
}
