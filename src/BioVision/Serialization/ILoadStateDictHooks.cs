using static TorchSharp.torch;

namespace BioVision.Serialization;

/// <summary>
/// A module that takes part in <see cref="StateDictLoader.Load"/>, as PyTorch's <c>load_state_dict</c> pre- and post-hooks
/// do: before anything is checked it may rewrite keys of older layouts of its own state into the current names, and after
/// the tensors are copied it may re-derive state computed from them. The loader finds such modules among the target's
/// submodules (the target included), so it needs to know none of their types.
/// </summary>
public interface ILoadStateDictHooks
{
    /// <summary>Rewrites older layouts of this module's keys (all starting with <paramref name="prefix"/>) in <paramref name="source"/> into the current ones.</summary>
    /// <param name="source">The tensors about to be loaded, by key; a copy the hook may change.</param>
    /// <param name="prefix">This module's key prefix in the target's state dict (empty, or ending with a dot).</param>
    /// <param name="created">Tensors the hook creates; the loader disposes them after loading.</param>
    /// <param name="notes">One line per rewrite, reported in <see cref="StateDictLoadReport.Translations"/>.</param>
    void PreLoadStateDict(Dictionary<string, Tensor> source, string prefix, List<Tensor> created, List<string> notes);

    /// <summary>Called after the tensors have been copied into the module (e.g. to re-derive packed filters).</summary>
    void PostLoadStateDict();
}
