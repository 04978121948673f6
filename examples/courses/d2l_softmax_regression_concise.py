"""d2l.ai, chapter "softmax回归的简洁实现" (Concise Implementation of Softmax Regression), as the
book writes it with PyTorch, with d2l's train_ch3 helpers (Accumulator, accuracy, evaluate_accuracy,
train_epoch_ch3) written out as the book defines them. Fashion-MNIST cannot be downloaded here, so
load_data_fashion_mnist builds a generated stand-in of the same shapes (10 classes of noisy 28x28
prototype images in [0, 1]); the rest is the book's code. Run with torch or with
`python -m pyautograd.run d2l_softmax_regression_concise.py`: the same output."""
import torch
from torch import nn
from torch.utils import data

torch.manual_seed(0)


def load_data_fashion_mnist(batch_size):
    """A generated Fashion-MNIST stand-in: (train_iter, test_iter) of 1x28x28 images in [0, 1]."""
    prototypes = torch.rand(10, 1, 28, 28)

    def make(n):
        y = torch.randint(0, 10, (n,))
        X = (prototypes[y] + 1.5 * torch.randn(n, 1, 28, 28)).clamp(0, 1)
        return data.TensorDataset(X, y)
    return (data.DataLoader(make(6000), batch_size, shuffle=True),
            data.DataLoader(make(1000), batch_size, shuffle=False))


batch_size = 256
train_iter, test_iter = load_data_fashion_mnist(batch_size)

# PyTorch不会隐式地调整输入的形状。因此，
# 我们在线性层前定义了展平层（flatten），来调整网络输入的形状
net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.1)


class Accumulator:  #@save
    """在n个变量上累加"""
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):  #@save
    """计算预测正确的数量"""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, data_iter):  #@save
    """计算在指定数据集上模型的精度"""
    if isinstance(net, torch.nn.Module):
        net.eval()  # 将模型设置为评估模式
    metric = Accumulator(2)  # 正确预测数、预测总数
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):  #@save
    """训练模型一个迭代周期（定义见第3章）"""
    # 将模型设置为训练模式
    if isinstance(net, torch.nn.Module):
        net.train()
    # 训练损失总和、训练准确度总和、样本数
    metric = Accumulator(3)
    for X, y in train_iter:
        # 计算梯度并更新参数
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            # 使用PyTorch内置的优化器和损失函数
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            # 使用定制的优化器和损失函数
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    # 返回训练损失和训练精度
    return metric[0] / metric[2], metric[1] / metric[2]


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):  #@save
    """训练模型（定义见第3章）; the book plots with its Animator, here each epoch is printed"""
    for epoch in range(num_epochs):
        train_metrics = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        train_loss, train_acc = train_metrics
        print(f'epoch {epoch + 1}: train loss {train_loss:.4f}, train acc {train_acc:.4f}, test acc {test_acc:.4f}')
    assert train_loss < 0.5, train_loss
    assert train_acc <= 1 and train_acc > 0.7, train_acc
    assert test_acc <= 1 and test_acc > 0.7, test_acc


num_epochs = 10
train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
