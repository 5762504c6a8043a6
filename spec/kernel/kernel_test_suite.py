"""jupyter_kernel_test's standard suite for our kernel (kernel name "torchscript"), run by
kernel_test_suite.spec.ts with our kernelspec on JUPYTER_PATH: python3 kernel_test_suite.py -v
"""

import unittest

import jupyter_kernel_test


class TorchScriptKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "torchscript"
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_stderr = "import sys; print('test', file=sys.stderr)"
    code_generate_error = "raise ValueError('expected')"
    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": "import torch\ntorch.zeros(2)", "result": "tensor([0., 0.])"},
        {"code": "[i * i for i in range(4)]", "result": "[0, 1, 4, 9]"},
    ]
    code_history_pattern = "1 + 2*"
    supported_history_operations = ("tail", "range", "search")
    completion_samples = [
        {"text": "import tor", "matches": {"torch"}},
        {"text": "pri", "matches": {"print"}},
    ]
    complete_code_samples = ["x = 1", "def f():\n    return 1\n\n", "import torch"]
    incomplete_code_samples = ["for i in range(3):", "x = (1,", "def f():\n    pass"]
    invalid_code_samples = ["1 +* 2", "x = = 1"]
    code_inspect_sample = "len"


if __name__ == "__main__":
    unittest.main()
